package dev.bastion.chat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Re-encrypts stored history to {@code CHAT_HISTORY_KEY} while the service runs: every
 * message and title still sealed under a previous key (or written before values named
 * their key) is opened with whichever configured key sealed it and sealed again under the
 * current one, in batches of {@value #BATCH}, each batch in its own transaction. It is
 * idempotent and can be stopped and run again: values already under the current key are
 * never selected, and a value written meanwhile by a service that has the new key is
 * already under it. A value that no configured key opens is left as it is and counted.
 */
@Service
public class HistoryKeyRotation {

	static final int BATCH = 500;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ChatProperties properties;

	HistoryKeyRotation(JdbcClient jdbc, PlatformTransactionManager transactions, ChatProperties properties) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.properties = properties;
	}

	/**
	 * Re-encrypts what is not under the current key; {@code progress} receives a line
	 * after each batch.
	 */
	public Outcome rotate(Consumer<String> progress) {
		ChatProperties.History history = this.properties.history();
		if (history.key().isBlank()) {
			throw new BastionException(ErrorCode.CONFLICT,
					"CHAT_HISTORY_KEY is not set: give the new key as CHAT_HISTORY_KEY and the old ones as "
							+ "CHAT_HISTORY_PREVIOUS_KEYS.");
		}
		if (!ChatConfiguration.longEnough(history.key().reveal())
				|| !history.previous().stream().allMatch(ChatConfiguration::longEnough)) {
			// As the service refuses to start with one: all the history would be under
			// it.
			throw new BastionException(ErrorCode.CONFLICT,
					"CHAT_HISTORY_KEY and each of CHAT_HISTORY_PREVIOUS_KEYS must be at least "
							+ ChatConfiguration.MIN_HISTORY_KEY_CHARS + " characters; nothing was re-encrypted.");
		}
		HistoryCipher cipher = ChatConfiguration.historyCipher(history);
		String pattern = cipher.currentPrefix() + "%";
		Counts messages = rotateMessages(cipher, pattern, progress);
		Counts titles = rotateTitles(cipher, pattern, progress);
		long remaining = this.jdbc.sql("select count(*) from chat_messages where content not like ?")
			.param(pattern)
			.query(Long.class)
			.single()
				+ this.jdbc.sql("select count(*) from chat_sessions where title is not null and title not like ?")
					.param(pattern)
					.query(Long.class)
					.single();
		return new Outcome(HistoryKeys.idOf(history.key().reveal().strip()),
				messages.reencrypted() + titles.reencrypted(), messages.unreadable() + titles.unreadable(), remaining);
	}

	private Counts rotateMessages(HistoryCipher cipher, String pattern, Consumer<String> progress) {
		Counts counts = new Counts(0, 0);
		long after = Long.MIN_VALUE;
		List<Sealed> batch;
		do {
			batch = this.jdbc
				.sql("select m.id, s.account_id, m.session_id, m.role, m.content from chat_messages m "
						+ "join chat_sessions s on s.id = m.session_id where m.id > ? and m.content not like ? "
						+ "order by m.id limit " + BATCH)
				.params(after, pattern)
				.query((row, number) -> new Sealed(row.getLong("id"), row.getObject("account_id", UUID.class),
						row.getObject("session_id", UUID.class), row.getString("role"), row.getString("content")))
				.list();
			counts = counts
				.plus(reseal(cipher, batch, "update chat_messages set content = ? where id = ? and content = ?"));
			if (!batch.isEmpty()) {
				after = (long) batch.getLast().id();
				progress.accept("messages: " + counts.reencrypted() + " re-encrypted so far");
			}
		}
		while (batch.size() == BATCH);
		return counts;
	}

	/**
	 * Titles are keyed by a UUID: the pages follow the database's own order of them, so
	 * the first page has no lower bound.
	 */
	private Counts rotateTitles(HistoryCipher cipher, String pattern, Consumer<String> progress) {
		Counts counts = new Counts(0, 0);
		String select = "select id, account_id, id as session_id, 'title' as role, title as content "
				+ "from chat_sessions where title is not null and title not like ?";
		String order = " order by id limit " + BATCH;
		List<Sealed> batch = this.jdbc.sql(select + order).param(pattern).query(HistoryKeyRotation::title).list();
		while (true) {
			counts = counts
				.plus(reseal(cipher, batch, "update chat_sessions set title = ? where id = ? and title = ?"));
			if (batch.size() < BATCH) {
				break;
			}
			progress.accept("titles: " + counts.reencrypted() + " re-encrypted so far");
			batch = this.jdbc.sql(select + " and id > ?" + order)
				.params(pattern, batch.getLast().id())
				.query(HistoryKeyRotation::title)
				.list();
		}
		return counts;
	}

	private static Sealed title(java.sql.ResultSet row, int number) throws java.sql.SQLException {
		return new Sealed(row.getObject("id", UUID.class), row.getObject("account_id", UUID.class),
				row.getObject("session_id", UUID.class), row.getString("role"), row.getString("content"));
	}

	/**
	 * One transaction per batch; a value changed since it was read is left for the next
	 * run.
	 */
	private Counts reseal(HistoryCipher cipher, List<Sealed> batch, String update) {
		Counts counts = this.transactions.execute((status) -> {
			long reencrypted = 0;
			long unreadable = 0;
			for (Sealed sealed : batch) {
				Optional<String> plaintext = cipher.decrypt(sealed.account(), sealed.session(), sealed.role(),
						sealed.content());
				if (plaintext.isEmpty()) {
					unreadable++;
					continue;
				}
				reencrypted += this.jdbc.sql(update)
					.params(cipher.encrypt(sealed.account(), sealed.session(), sealed.role(), plaintext.get()),
							sealed.id(), sealed.content())
					.update();
			}
			return new Counts(reencrypted, unreadable);
		});
		return (counts != null) ? counts : new Counts(0, 0);
	}

	/**
	 * What a rotation did.
	 *
	 * @param keyId the id of the current key, as stored values name it
	 * @param reencrypted values sealed again under it
	 * @param unreadable values no configured key opens, left as they are
	 * @param remaining values not under the current key after the run: the unreadable
	 * ones, and any written meanwhile by an instance that still seals with an older key
	 */
	public record Outcome(String keyId, long reencrypted, long unreadable, long remaining) {

		/** Whether the previous keys are no longer needed. */
		public boolean done() {
			return this.remaining == 0;
		}

	}

	private record Sealed(Object id, UUID account, UUID session, String role, String content) {
	}

	private record Counts(long reencrypted, long unreadable) {

		Counts plus(Counts other) {
			return new Counts(this.reencrypted + other.reencrypted, this.unreadable + other.unreadable);
		}

	}

}
