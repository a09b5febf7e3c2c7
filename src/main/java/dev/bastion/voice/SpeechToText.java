package dev.bastion.voice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

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
 * <p>
 * LangChain4j's client takes a recording only as a {@code byte[]} (an {@link Audio} by
 * URL is refused for transcription), so each transcription holds its whole recording on
 * the heap for as long as the provider takes. A few run at once, as many as fit in an
 * eighth of the heap at the largest recording (see {@link #concurrentTranscriptions}); a
 * caller waits a moment for one, then gets 503 {@code PROVIDER_UNAVAILABLE}.
 */
final class SpeechToText {

	private static final Logger logger = LoggerFactory.getLogger(SpeechToText.class);

	private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

	/** How long a caller waits for a transcription to finish when all are taken. */
	private static final Duration WAIT = Duration.ofSeconds(2);

	private final @Nullable OpenAiAudioTranscriptionModel model;

	private final String modelName;

	private final Semaphore transcriptions;

	SpeechToText(@Nullable OpenAiAudioTranscriptionModel model, String modelName, int concurrentTranscriptions) {
		this.model = model;
		this.modelName = modelName;
		this.transcriptions = new Semaphore(concurrentTranscriptions, true);
	}

	/** {@code SPEECH_MODEL}: what transcriptions are charged as. */
	String modelName() {
		return this.modelName;
	}

	/**
	 * As many transcriptions at once as fit in an eighth of the heap when each holds the
	 * largest recording accepted (the multipart body the JDK client sends wraps that same
	 * array, no copy), and at least one: two with the image's {@code -Xmx192m} and the
	 * default 10 MB. Without a bound, one account's chat allowance of turns in flight
	 * held 100–200 MB of recordings.
	 */
	static int concurrentTranscriptions(long maxHeapBytes, long maxRecordingBytes) {
		return Math.clamp(maxHeapBytes / 8 / Math.max(1, maxRecordingBytes), 1, Integer.MAX_VALUE);
	}

	static SpeechToText of(VoiceProperties voice, ChatProperties properties) {
		String speechModel = voice.transcriptionModel();
		int concurrent = concurrentTranscriptions(Runtime.getRuntime().maxMemory(), voice.maxBytes().toBytes());
		if (properties.openaiApiKey().isBlank() || speechModel.isBlank()) {
			return new SpeechToText(null, speechModel, concurrent);
		}
		return new SpeechToText(OpenAiAudioTranscriptionModel.builder()
			.baseUrl(properties.openaiBaseUrl())
			.apiKey(properties.openaiApiKey().reveal())
			.modelName(speechModel)
			.timeout(properties.providerTimeout())
			.maxRetries(0)
			.logRequests(false)
			.logResponses(false)
			.build(), speechModel, concurrent);
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
		acquire();
		try {
			Audio audio = Audio.builder().binaryData(Files.readAllBytes(recording)).mimeType(type).build();
			String text = model.transcribe(AudioTranscriptionRequest.builder(audio).build()).text();
			return (text != null) ? text.strip() : "";
		}
		catch (RuntimeException ex) {
			logger.warn("Speech-to-text did not answer ({})", ex.getClass().getSimpleName());
			throw unavailable("Speech-to-text is not available right now.");
		}
		finally {
			this.transcriptions.release();
		}
	}

	private void acquire() {
		boolean acquired;
		try {
			acquired = this.transcriptions.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			throw unavailable("Speech-to-text is busy; try again shortly.");
		}
	}

	private static BastionException unavailable(String detail) {
		return new BastionException(ErrorCode.PROVIDER_UNAVAILABLE, detail, RETRY_AFTER);
	}

}
