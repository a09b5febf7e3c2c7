package dev.bastion.voice;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Voice messages, transcribed by the OpenAI-compatible speech-to-text endpoint of the
 * chat's {@code openai} provider (so its settings are read from {@code bastion.chat}).
 *
 * @param openaiApiKey the {@code openai} provider's key ({@code OPENAI_API_KEY}); voice
 * needs it
 * @param openaiBaseUrl its address ({@code OPENAI_BASE_URL}, OpenAI's)
 * @param providerTimeout how long a transcription may take ({@code PROVIDER_TIMEOUT},
 * 60s)
 * @param voice the recordings
 */
@ConfigurationProperties("bastion.chat")
record VoiceProperties(String openaiApiKey, String openaiBaseUrl, Duration providerTimeout, Voice voice) {

	@Override
	public String toString() {
		return "VoiceProperties[openaiApiKey=<redacted>, voice=" + this.voice + "]";
	}

	/**
	 * @param transcriptionModel the speech model ({@code SPEECH_MODEL}, whisper-1)
	 * @param tempDir where uploads wait for transcription ({@code VOICE_TEMP_DIR}, under
	 * {@code DATA_DIR})
	 * @param maxBytes the largest recording accepted ({@code MAX_REQUEST_SIZE}, 10MB)
	 */
	record Voice(String transcriptionModel, String tempDir, DataSize maxBytes) {
	}

}
