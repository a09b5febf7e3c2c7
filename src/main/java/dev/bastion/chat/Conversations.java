package dev.bastion.chat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.bastion.chat.ChatService.Caller;
import dev.bastion.chat.provider.ChatMessage;

/**
 * Where conversations live: only in memory (history off), or also in the database,
 * encrypted ({@code CHAT_HISTORY=encrypted}). A conversation is visible only to its
 * owner; to anyone else it does not exist.
 */
interface Conversations {

	UUID start(Caller caller);

	/** Adds a message and returns the bounded context to send to the model. */
	List<ChatMessage> add(UUID id, Caller caller, ChatMessage message);

	void reply(UUID id, Caller caller, ChatMessage reply);

	/** An account's most recent stored conversations, most recent first. */
	List<Summary> list(UUID accountId);

	/** Every stored conversation of an account (for its data export). */
	List<Summary> all(UUID accountId);

	/** Refuses (404) a conversation the caller does not own, before any work for it. */
	void checkOwner(UUID id, Caller caller);

	/**
	 * A stored conversation's messages; those that no longer open are left out and
	 * counted.
	 */
	Transcript messages(UUID id, UUID accountId);

	void delete(UUID id, UUID accountId);

	/** Gives a stored conversation another title; 404 for anyone but its owner. */
	void rename(UUID id, UUID accountId, String title);

	/**
	 * The owner's stored conversations whose title or messages contain {@code text},
	 * ignoring case, most recent first: only that owner's rows are opened, and only the
	 * most recent ones (bounded).
	 */
	List<Summary> search(UUID accountId, String text);

	/**
	 * Takes back the answer to the conversation's last message, so that it can be asked
	 * again: returns the bounded context that ends with that message. 404 for anyone but
	 * the owner; 400 when the conversation has no message to answer.
	 */
	List<ChatMessage> rewind(UUID id, Caller caller);

	/**
	 * Remembers the preset an account's conversation uses from now on; 404 for anyone but
	 * the owner.
	 */
	void choosePreset(UUID id, Caller caller, UUID preset);

	/**
	 * The preset an account's conversation uses; empty when none (404 for anyone but the
	 * owner).
	 */
	Optional<UUID> preset(UUID id, Caller caller);

	/**
	 * Drops at once whatever is kept in memory for an owner ({@code account:<id>}), whose
	 * account was deleted.
	 */
	void forget(String owner);

	/** A stored conversation; its title is the start of its first message. */
	record Summary(UUID sessionId, Instant createdAt, Instant updatedAt, @Nullable String title) {

		@Override
		public String toString() {
			return "Summary[" + this.sessionId + "]";
		}

	}

	/**
	 * The messages of a stored conversation that open, and how many did not (changed in
	 * the database, or copied there from another conversation or account).
	 */
	record Transcript(List<StoredMessage> messages, int unreadable) {

		public Transcript {
			messages = List.copyOf(messages);
		}

	}

	/** A stored message. */
	record StoredMessage(String role, String content, Instant createdAt) {

		@Override
		public String toString() {
			return "StoredMessage[role=" + this.role + "]";
		}

	}

}
