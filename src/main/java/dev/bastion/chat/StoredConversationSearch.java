package dev.bastion.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.audit.StoredDataTampered;
import dev.bastion.chat.Conversations.Summary;

/**
 * Search over one account's stored history. The rows are encrypted, so the database
 * cannot search them: this opens the account's own most recent conversations (and no one
 * else's) and matches in memory, within fixed bounds so that a search costs at most a
 * known amount of decryption whatever the account holds.
 */
final class StoredConversationSearch {

	/** The most recent conversations searched. */
	static final int CONVERSATIONS = 200;

	/** The most messages opened per search, the newest conversations' first. */
	static final int MESSAGES = 5_000;

	/** The most conversations a search returns. */
	static final int RESULTS = 50;

	private static final String TITLE = "title";

	private final JdbcClient jdbc;

	private final HistoryCipher cipher;

	private final ApplicationEventPublisher events;

	StoredConversationSearch(JdbcClient jdbc, HistoryCipher cipher, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.events = events;
	}

	List<Summary> find(UUID accountId, String text) {
		String wanted = text.toLowerCase(Locale.ROOT);
		Map<UUID, Candidate> candidates = new LinkedHashMap<>();
		this.jdbc
			.sql("select " + StoredConversation.COLUMNS + " from chat_sessions where account_id = ?"
					+ " order by updated_at desc limit " + CONVERSATIONS)
			.param(accountId)
			.query(StoredConversation::of)
			.list()
			.forEach((stored) -> candidates.put(stored.id(), new Candidate(stored)));
		int unreadableTitles = 0;
		for (Candidate candidate : candidates.values()) {
			String sealed = candidate.stored.title();
			if (sealed != null) {
				String title = this.cipher.decrypt(accountId, candidate.stored.id(), TITLE, sealed).orElse(null);
				candidate.open(title, wanted);
				unreadableTitles += (title == null) ? 1 : 0;
			}
		}
		report(accountId, EncryptedConversations.TITLES, unreadableTitles);
		report(accountId, EncryptedConversations.MESSAGES, searchMessages(accountId, candidates, wanted));
		List<Summary> found = new ArrayList<>();
		for (Candidate candidate : candidates.values()) {
			if (candidate.matched && found.size() < RESULTS) {
				StoredConversation stored = candidate.stored;
				found.add(new Summary(stored.id(), stored.createdAt(), stored.updatedAt(), candidate.openTitle));
			}
		}
		return found;
	}

	/**
	 * Opens messages of the conversations not matched by title; returns the unreadable.
	 */
	private int searchMessages(UUID accountId, Map<UUID, Candidate> candidates, String wanted) {
		int unreadable = 0;
		for (Sealed message : this.jdbc
			.sql("select m.session_id, m.role, m.content from chat_messages m"
					+ " join chat_sessions s on s.id = m.session_id where s.account_id = ?"
					+ " order by s.updated_at desc, m.id limit " + MESSAGES)
			.param(accountId)
			.query((row, number) -> new Sealed(row.getObject("session_id", UUID.class), row.getString("role"),
					row.getString("content")))
			.list()) {
			Candidate candidate = candidates.get(message.sessionId());
			if (candidate == null || candidate.matched) {
				continue;
			}
			String content = this.cipher.decrypt(accountId, message.sessionId(), message.role(), message.content())
				.orElse(null);
			if (content == null) {
				unreadable++;
			}
			else if (content.toLowerCase(Locale.ROOT).contains(wanted)) {
				candidate.matched = true;
			}
		}
		return unreadable;
	}

	private void report(UUID accountId, String column, int unreadable) {
		if (unreadable > 0) {
			this.events.publishEvent(new StoredDataTampered(accountId, null, column));
		}
	}

	private record Sealed(UUID sessionId, String role, String content) {

		@Override
		public String toString() {
			return "Sealed[" + this.sessionId + "]";
		}

	}

	/** A conversation that may match, its title sealed until opened. */
	private static final class Candidate {

		private final StoredConversation stored;

		private @Nullable String openTitle;

		private boolean matched;

		Candidate(StoredConversation stored) {
			this.stored = stored;
		}

		void open(@Nullable String title, String wanted) {
			this.openTitle = title;
			this.matched = title != null && title.toLowerCase(Locale.ROOT).contains(wanted);
		}

	}

}
