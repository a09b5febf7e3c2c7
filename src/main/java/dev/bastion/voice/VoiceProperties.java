package dev.bastion.voice;

import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Voice messages, transcribed by the OpenAI-compatible speech-to-text endpoint of the
 * chat's {@code openai} provider (whose key, address and timeout are the chat's).
 *
 * @param transcriptionModel Speech-to-text model of the {@code openai} server, for voice
 * messages; empty switches voice off. Voice needs {@code OPENAI_API_KEY}.
 * @param tempDir Where recordings wait for transcription, in an owner-only directory per
 * process (the directory itself is made owner-only only when Bastion creates it). At
 * start-up only uploads that a dead process left in such a directory are deleted; nothing
 * else in it is touched (see [Voice](chat.md#voice)).
 * @param maxBytes the largest recording accepted ({@code MAX_REQUEST_SIZE}, 10MB); at
 * least 1 byte
 */
@ConfigurationProperties("bastion.chat.voice")
@Validated
record VoiceProperties(@DefaultValue("whisper-1") String transcriptionModel, String tempDir,
		@DefaultValue("10MB") @Positive DataSize maxBytes) {

}
