package dev.bastion.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.bastion.chat.ChatService.Caller;
import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Conversation context kept only in memory (history off, and anonymous callers): bounded
 * in messages and characters, forgotten after a while unused, visible only to its owner,
 * and never listed or read back.
 */
final class MemoryConversations implements Conversations {

	private static final int MAX_CONVERSATIONS = 100_000;

	private final Cache<UUID, Conversation> conversations;

	private final int maxMessages;

	private final int maxChars;

	MemoryConversations(ChatProperties properties) {
		this.conversations = Caffeine.newBuilder()
			.maximumSize(MAX_CONVERSATIONS)
			.expireAfterAccess(properties.sessionIdle())
			.build();
		this.maxMessages = properties.maxContextMessages();
		this.maxChars = properties.maxContextChars();
	}

	@Override
	public UUID start(Caller caller) {
		UUID id = UUID.randomUUID();
		this.conversations.put(id, new Conversation(caller.owner()));
		return id;
	}

	/**
	 * Adds a message and returns the bounded context to send; 404 for anyone but the
	 * owner.
	 */
	@Override
	public List<ChatMessage> add(UUID id, Caller caller, ChatMessage message) {
		Conversation conversation = owned(id, caller.owner());
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

	@Override
	public void reply(UUID id, Caller caller, ChatMessage reply) {
		Conversation conversation = owned(id, caller.owner());
		synchronized (conversation) {
			conversation.messages.addLast(reply);
		}
	}

	@Override
	public List<Summary> list(UUID accountId) {
		throw historyOff();
	}

	@Override
	public List<Summary> all(UUID accountId) {
		return List.of();
	}

	@Override
	public void checkOwner(UUID id, Caller caller) {
		owned(id, caller.owner());
	}

	@Override
	public Transcript messages(UUID id, UUID accountId) {
		throw historyOff();
	}

	@Override
	public void delete(UUID id, UUID accountId) {
		throw historyOff();
	}

	private static BastionException historyOff() {
		return new BastionException(ErrorCode.NOT_FOUND,
				"Conversation history is off on this server (CHAT_HISTORY=off): nothing is stored.");
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
