package dev.bastion.chat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.bastion.chat.ChatService.Caller;
import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;

/**
 * Conversation context kept only in memory (history off, and anonymous callers): bounded
 * in messages and characters per conversation and in characters in total
 * ({@code CHAT_MEMORY_MAX_CHARS}; the conversation used longest ago goes first),
 * forgotten after a while unused or when its account is deleted, visible only to its
 * owner, and never listed or read back.
 */
final class MemoryConversations implements Conversations {

	/**
	 * What a conversation costs besides its text, counted in characters, so that empty
	 * ones are bounded too.
	 */
	static final int OVERHEAD_CHARS = 500;

	/** In order of use, the one used longest ago first; guarded by itself. */
	private final LinkedHashMap<UUID, Conversation> conversations = new LinkedHashMap<>(16, 0.75f, true);

	private final long idleNanos;

	private final int maxMessages;

	private final int maxChars;

	private final long maxTotalChars;

	private final LongSupplier nanoTime;

	private long totalChars;

	MemoryConversations(ChatProperties properties) {
		this(properties.sessionIdle(), properties.maxContextMessages(), properties.maxContextChars(),
				properties.memoryMaxChars(), System::nanoTime);
	}

	MemoryConversations(Duration idle, int maxMessages, int maxChars, long maxTotalChars, LongSupplier nanoTime) {
		this.idleNanos = idle.toNanos();
		this.maxMessages = maxMessages;
		this.maxChars = maxChars;
		this.maxTotalChars = maxTotalChars;
		this.nanoTime = nanoTime;
	}

	@Override
	public UUID start(Caller caller) {
		UUID id = UUID.randomUUID();
		synchronized (this.conversations) {
			expire();
			Conversation conversation = new Conversation(caller.owner(), this.nanoTime.getAsLong());
			this.conversations.put(id, conversation);
			this.totalChars += conversation.weight();
			evict();
		}
		return id;
	}

	/**
	 * Adds a message and returns the bounded context to send; 404 for anyone but the
	 * owner.
	 */
	@Override
	public List<ChatMessage> add(UUID id, Caller caller, ChatMessage message) {
		return update(id, caller.owner(), (conversation) -> {
			conversation.append(message, this.maxMessages, this.maxChars);
			return new ArrayList<>(conversation.messages);
		});
	}

	@Override
	public void reply(UUID id, Caller caller, ChatMessage reply) {
		update(id, caller.owner(), (conversation) -> {
			conversation.append(reply, this.maxMessages + 1, this.maxChars);
			return reply;
		});
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
		update(id, caller.owner(), Function.identity());
	}

	@Override
	public Transcript messages(UUID id, UUID accountId) {
		throw historyOff();
	}

	@Override
	public void delete(UUID id, UUID accountId) {
		throw historyOff();
	}

	@Override
	public void rename(UUID id, UUID accountId, String title) {
		throw historyOff();
	}

	@Override
	public List<Summary> search(UUID accountId, String text) {
		throw historyOff();
	}

	@Override
	public List<ChatMessage> rewind(UUID id, Caller caller) {
		return update(id, caller.owner(), (conversation) -> {
			conversation.dropAnswer();
			return new ArrayList<>(conversation.messages);
		});
	}

	@Override
	public void choosePreset(UUID id, Caller caller, UUID preset) {
		update(id, caller.owner(), (conversation) -> conversation.preset = preset);
	}

	@Override
	public Optional<UUID> preset(UUID id, Caller caller) {
		return update(id, caller.owner(), (conversation) -> Optional.ofNullable(conversation.preset));
	}

	@Override
	public void forget(String owner) {
		synchronized (this.conversations) {
			Iterator<Conversation> all = this.conversations.values().iterator();
			while (all.hasNext()) {
				Conversation conversation = all.next();
				if (conversation.owner.equals(owner)) {
					this.totalChars -= conversation.weight();
					all.remove();
				}
			}
		}
	}

	/** The characters held in total, as the bound counts them. */
	long weight() {
		synchronized (this.conversations) {
			return this.totalChars;
		}
	}

	/** Changes the owner's conversation, which becomes the most recently used. */
	private <T> T update(UUID id, String owner, Function<Conversation, T> change) {
		synchronized (this.conversations) {
			expire();
			Conversation conversation = this.conversations.get(id);
			if (conversation == null || !conversation.owner.equals(owner)) {
				throw new BastionException(ErrorCode.NOT_FOUND, "There is no such conversation; start a new one.");
			}
			conversation.lastUsed = this.nanoTime.getAsLong();
			int before = conversation.weight();
			T result = change.apply(conversation);
			this.totalChars += conversation.weight() - before;
			evict();
			return result;
		}
	}

	/** Drops the conversations unused for longer than the idle time. */
	private void expire() {
		long now = this.nanoTime.getAsLong();
		Iterator<Conversation> oldestFirst = this.conversations.values().iterator();
		while (oldestFirst.hasNext()) {
			Conversation conversation = oldestFirst.next();
			if (now - conversation.lastUsed < this.idleNanos) {
				return;
			}
			this.totalChars -= conversation.weight();
			oldestFirst.remove();
		}
	}

	/**
	 * Drops the conversations used longest ago until the rest fit; never the last one.
	 */
	private void evict() {
		Iterator<Map.Entry<UUID, Conversation>> oldestFirst = this.conversations.entrySet().iterator();
		while (this.totalChars > this.maxTotalChars && this.conversations.size() > 1) {
			this.totalChars -= oldestFirst.next().getValue().weight();
			oldestFirst.remove();
		}
	}

	static InvalidInputException nothingToAnswer() {
		return new InvalidInputException("regenerate", "this conversation has no message to answer again");
	}

	private static BastionException historyOff() {
		return new BastionException(ErrorCode.NOT_FOUND,
				"Conversation history is off on this server (CHAT_HISTORY=off): nothing is stored.");
	}

	private static final class Conversation {

		private final String owner;

		private final Deque<ChatMessage> messages = new ArrayDeque<>();

		private int chars;

		private long lastUsed;

		private @Nullable UUID preset;

		Conversation(String owner, long now) {
			this.owner = owner;
			this.lastUsed = now;
		}

		/** Adds a message, then drops the oldest beyond the bounds (never the last). */
		void append(ChatMessage message, int maxMessages, int maxChars) {
			this.messages.addLast(message);
			this.chars += message.text().length();
			while (this.messages.size() > maxMessages || (this.chars > maxChars && this.messages.size() > 1)) {
				this.chars -= Objects.requireNonNull(this.messages.pollFirst()).text().length();
			}
		}

		/** Drops the replies after the last user message; 400 when there is none. */
		void dropAnswer() {
			if (this.messages.stream().noneMatch((message) -> message.role().equals("user"))) {
				throw nothingToAnswer();
			}
			while (!this.messages.getLast().role().equals("user")) {
				this.chars -= this.messages.removeLast().text().length();
			}
		}

		int weight() {
			return OVERHEAD_CHARS + this.chars;
		}

	}

}
