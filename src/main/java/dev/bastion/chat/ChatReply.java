package dev.bastion.chat;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code POST /api/v1/chat}.
 */
record ChatReply(String reply, @Nullable UUID sessionId, String provider, String model, boolean cached,
		TokenUsage usage) {

	@Override
	public String toString() {
		return "ChatReply[provider=" + this.provider + ", " + this.reply.length() + " characters]";
	}

	record TokenUsage(int promptTokens, int completionTokens, int totalTokens) {
	}

}
