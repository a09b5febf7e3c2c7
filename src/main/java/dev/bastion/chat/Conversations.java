package dev.bastion.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Conversation context, kept only in memory (history off): bounded in messages and
 * characters, forgotten after a while unused, and visible only to its owner.
 */
final class Conversations {

	private static final int MAX_CONVERSATIONS = 100_000;

	private final Cache<UUID, Conversation> conversations;

	private final int maxMessages;

	private final int maxChars;

	Conversations(ChatProperties properties) {
		this.conversations = Caffeine.newBuilder()
			.maximumSize(MAX_CONVERSATIONS)
			.expireAfterAccess(properties.sessionIdle())
			.build();
		this.maxMessages = properties.maxContextMessages();
		this.maxChars = properties.maxContextChars();
	}

	UUID start(String owner) {
		UUID id = UUID.randomUUID();
		this.conversations.put(id, new Conversation(owner));
		return id;
	}

	/**
	 * Adds a message and returns the bounded context to send; 404 for anyone but the
	 * owner.
	 */
	List<ChatMessage> add(UUID id, String owner, ChatMessage message) {
		Conversation conversation = owned(id, owner);
		synchronized (conversation) {
			conversation.messages.addLast(message);
			int chars = conversation.messages.stream().mapToInt((m) -> m.text().length()).sum();
			while (conversation.messages.size() > this.maxMessages
					|| (chars > this.maxChars && conversation.messages.size() > 1)) {
				chars -= Objects.requireNonNull(conversation.messages.pollFirst()).text().length();
			}
			return new ArrayList<>(conversation.messages);
		}
	}

	void reply(UUID id, String owner, ChatMessage reply) {
		Conversation conversation = owned(id, owner);
		synchronized (conversation) {
			conversation.messages.addLast(reply);
		}
	}

	private Conversation owned(UUID id, String owner) {
		Conversation conversation = this.conversations.getIfPresent(id);
		if (conversation == null || !conversation.owner.equals(owner)) {
			throw new BastionException(ErrorCode.NOT_FOUND, "There is no such conversation; start a new one.");
		}
		return conversation;
	}

	private static final class Conversation {

		private final String owner;

		private final Deque<ChatMessage> messages = new ArrayDeque<>();

		Conversation(String owner) {
			this.owner = owner;
		}

	}

}
