package dev.bastion.chat;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A user's saved way of chatting: a name, the model to ask (null: the default), the
 * system prompt sent first instead of {@code CHAT_SYSTEM_PROMPT}, and the temperature
 * (null: the model's own).
 */
record Preset(UUID id, String name, @Nullable String model, String systemPrompt, @Nullable Double temperature,
		Instant createdAt, Instant updatedAt) {

	@Override
	public String toString() {
		// The name and the prompt are the user's words: never in a log line.
		return "Preset[" + this.id + "]";
	}

}
