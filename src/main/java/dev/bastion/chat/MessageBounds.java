package dev.bastion.chat;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.system.InvalidInputException;

/**
 * The size bounds of what a caller sends to be answered, checked before anything else.
 */
final class MessageBounds {

	private MessageBounds() {
	}

	/** One message of a kept conversation: present and at most CHAT_MAX_MESSAGE_CHARS. */
	static String checkMessage(@Nullable String message, ChatProperties properties) {
		if (message == null || message.isBlank()) {
			throw new InvalidInputException("message", "is required");
		}
		if (message.length() > properties.maxMessageChars()) {
			throw new InvalidInputException("message",
					"must be at most " + properties.maxMessageChars() + " characters");
		}
		return message;
	}

	/**
	 * A whole conversation sent by the caller (the OpenAI-compatible API): the same
	 * bounds as a kept one's context.
	 */
	static void checkConversation(List<ChatMessage> messages, ChatProperties properties) {
		if (messages.isEmpty() || messages.size() > properties.maxContextMessages()) {
			throw new InvalidInputException("messages",
					"must hold 1 to " + properties.maxContextMessages() + " messages");
		}
		int chars = 0;
		for (ChatMessage message : messages) {
			if (message.text().length() > properties.maxMessageChars()) {
				throw new InvalidInputException("messages",
						"each message must be at most " + properties.maxMessageChars() + " characters");
			}
			chars += message.text().length();
		}
		if (chars > properties.maxContextChars()) {
			throw new InvalidInputException("messages",
					"must be at most " + properties.maxContextChars() + " characters in all");
		}
	}

}
