package dev.bastion.voice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.langchain4j.data.audio.Audio;
import dev.langchain4j.model.audio.AudioTranscriptionRequest;
import dev.langchain4j.model.openai.OpenAiAudioTranscriptionModel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bastion.chat.ChatProperties;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Speech-to-text through the OpenAI-compatible {@code /audio/transcriptions} endpoint of
 * the configured {@code openai} provider (LangChain4j's client). Without that provider,
 * or with {@code SPEECH_MODEL} empty, there is none and voice answers 503.
 */
final class SpeechToText {

	private static final Logger logger = LoggerFactory.getLogger(SpeechToText.class);

	private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

	private final @Nullable OpenAiAudioTranscriptionModel model;

	SpeechToText(@Nullable OpenAiAudioTranscriptionModel model) {
		this.model = model;
	}

	static SpeechToText of(VoiceProperties voice, ChatProperties properties) {
		String speechModel = voice.transcriptionModel();
		if (properties.openaiApiKey().isBlank() || speechModel.isBlank()) {
			return new SpeechToText(null);
		}
		return new SpeechToText(OpenAiAudioTranscriptionModel.builder()
			.baseUrl(properties.openaiBaseUrl())
			.apiKey(properties.openaiApiKey().reveal())
			.modelName(speechModel)
			.timeout(properties.providerTimeout())
			.maxRetries(0)
			.logRequests(false)
			.logResponses(false)
			.build());
	}

	void checkAvailable() {
		model();
	}

	private OpenAiAudioTranscriptionModel model() {
		OpenAiAudioTranscriptionModel model = this.model;
		if (model == null) {
			throw new BastionException(ErrorCode.SERVICE_UNAVAILABLE,
					"Voice messages need a speech-to-text provider, and none is configured on this server "
							+ "(set OPENAI_API_KEY for a server with /audio/transcriptions, and SPEECH_MODEL).");
		}
		return model;
	}

	String transcribe(Path recording, String type) throws IOException {
		OpenAiAudioTranscriptionModel model = model();
		Audio audio = Audio.builder().binaryData(Files.readAllBytes(recording)).mimeType(type).build();
		try {
			String text = model.transcribe(AudioTranscriptionRequest.builder(audio).build()).text();
			return (text != null) ? text.strip() : "";
		}
		catch (RuntimeException ex) {
			logger.warn("Speech-to-text did not answer ({})", ex.getClass().getSimpleName());
			throw new BastionException(ErrorCode.PROVIDER_UNAVAILABLE, "Speech-to-text is not available right now.",
					RETRY_AFTER);
		}
	}

}
