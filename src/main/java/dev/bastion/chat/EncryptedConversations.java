package dev.bastion.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import dev.bastion.chat.ChatService.Caller;
import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * History on ({@code CHAT_HISTORY=encrypted}): an account's conversations are stored in
 * the database, every message and title AES-GCM encrypted, listed and read back only by
 * their owner, and deleted with the conversation or the account (the rows cascade).
 * Anonymous callers' conversations stay in memory.
 */
class EncryptedConversations implements Conversations {

	private static final int TITLE_CHARS = 60;

	private static final int LISTED = 200;

	private final JdbcClient jdbc;

	private final HistoryCipher cipher;

	private final Conversations anonymous;

	private final Clock clock;

	private final int maxMessages;

	private final int maxChars;

	EncryptedConversations(JdbcClient jdbc, HistoryCipher cipher, Conversations anonymous, Clock clock,
			ChatProperties properties) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.anonymous = anonymous;
		this.clock = clock;
		this.maxMessages = properties.maxContextMessages();
		this.maxChars = properties.maxContextChars();
	}

	@Override
	public UUID start(Caller caller) {
		UUID accountId = caller.accountId();
		if (accountId == null) {
			return this.anonymous.start(caller);
		}
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.sql("insert into chat_sessions (id, account_id, created_at, updated_at) values (?, ?, ?, ?)")
			.params(id, accountId, now, now)
			.update();
		return id;
	}

	@Override
	@Transactional
	public List<ChatMessage> add(UUID id, Caller caller, ChatMessage message) {
		UUID accountId = caller.accountId();
		if (accountId == null) {
			return this.anonymous.add(id, caller, message);
		}
		boolean first = owned(id, accountId).title() == null;
		store(id, message);
		if (first) {
			String title = message.text().strip();
			title = (title.length() > TITLE_CHARS) ? title.substring(0, TITLE_CHARS) + "…" : title;
			this.jdbc.sql("update chat_sessions set title = ? where id = ?")
				.params(this.cipher.encrypt(id, "title", title), id)
				.update();
		}
		return context(id);
	}

	@Override
	public void reply(UUID id, Caller caller, ChatMessage reply) {
		UUID accountId = caller.accountId();
		if (accountId == null) {
			this.anonymous.reply(id, caller, reply);
			return;
		}
		owned(id, accountId);
		store(id, reply);
	}

	@Override
	public List<Summary> list(UUID accountId) {
		return summaries(accountId, " limit " + LISTED);
	}

	@Override
	public List<Summary> all(UUID accountId) {
		return summaries(accountId, "");
	}

	@Override
	public void checkOwner(UUID id, Caller caller) {
		UUID accountId = caller.accountId();
		if (accountId == null) {
			this.anonymous.checkOwner(id, caller);
		}
		else {
			owned(id, accountId);
		}
	}

	private List<Summary> summaries(UUID accountId, String limit) {
		return this.jdbc
			.sql("select id, title, created_at, updated_at from chat_sessions where account_id = ?"
					+ " order by updated_at desc" + limit)
			.param(accountId)
			.query(this::summary)
			.list();
	}

	@Override
	public List<StoredMessage> messages(UUID id, UUID accountId) {
		owned(id, accountId);
		return this.jdbc.sql("select role, content, created_at from chat_messages where session_id = ? order by id")
			.param(id)
			.query((row, number) -> new StoredMessage(row.getString("role"),
					this.cipher.decrypt(id, row.getString("role"), row.getString("content")),
					instant(row, "created_at")))
			.list();
	}

	@Override
	public void delete(UUID id, UUID accountId) {
		if (this.jdbc.sql("delete from chat_sessions where id = ? and account_id = ?")
			.params(id, accountId)
			.update() == 0) {
			throw notFound();
		}
	}

	private void store(UUID id, ChatMessage message) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.sql("insert into chat_messages (session_id, role, content, created_at) values (?, ?, ?, ?)")
			.params(id, message.role(), this.cipher.encrypt(id, message.role(), message.text()), now)
			.update();
		this.jdbc.sql("update chat_sessions set updated_at = ? where id = ?").params(now, id).update();
	}

	/** The latest messages, within the context bounds, oldest first. */
	private List<ChatMessage> context(UUID id) {
		List<ChatMessage> latest = new ArrayList<>(this.jdbc
			.sql("select role, content from chat_messages where session_id = ? order by id desc limit "
					+ this.maxMessages)
			.param(id)
			.query((row, number) -> new ChatMessage(row.getString("role"),
					this.cipher.decrypt(id, row.getString("role"), row.getString("content"))))
			.list());
		Collections.reverse(latest);
		int chars = latest.stream().mapToInt((message) -> message.text().length()).sum();
		while (chars > this.maxChars && latest.size() > 1) {
			chars -= latest.removeFirst().text().length();
		}
		return latest;
	}

	private Summary owned(UUID id, UUID accountId) {
		return this.jdbc
			.sql("select id, title, created_at, updated_at from chat_sessions where id = ? and account_id = ?")
			.params(id, accountId)
			.query(this::summary)
			.optional()
			.orElseThrow(EncryptedConversations::notFound);
	}

	private Summary summary(ResultSet row, int number) throws SQLException {
		UUID id = row.getObject("id", UUID.class);
		@Nullable String title = row.getString("title");
		return new Summary(id, instant(row, "created_at"), instant(row, "updated_at"),
				(title != null) ? this.cipher.decrypt(id, "title", title) : null);
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		return row.getTimestamp(column).toInstant();
	}

	private static BastionException notFound() {
		return new BastionException(ErrorCode.NOT_FOUND, "There is no such conversation; start a new one.");
	}

}
