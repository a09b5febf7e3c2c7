package dev.bastion.chat;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import dev.bastion.chat.ChatService.Caller;
import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.audit.StoredDataTampered;

/**
 * History on ({@code CHAT_HISTORY=encrypted}): an account's conversations are stored in
 * the database, every message and title AES-GCM encrypted, listed and read back only by
 * their owner, and deleted with the conversation or the account (the rows cascade).
 * Anonymous callers' conversations stay in memory.
 */
class EncryptedConversations implements Conversations {

	private static final int TITLE_CHARS = 60;

	private static final int LISTED = 200;

	private static final String TITLE = "title";

	static final String MESSAGES = "chat_messages.content";

	static final String TITLES = "chat_sessions.title";

	private final JdbcClient jdbc;

	private final HistoryCipher cipher;

	private final Conversations anonymous;

	private final Clock clock;

	private final int maxMessages;

	private final int maxChars;

	private final ApplicationEventPublisher events;

	private final StoredConversationSearch search;

	EncryptedConversations(JdbcClient jdbc, HistoryCipher cipher, Conversations anonymous, Clock clock,
			ChatProperties properties, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.anonymous = anonymous;
		this.clock = clock;
		this.events = events;
		this.maxMessages = properties.maxContextMessages();
		this.maxChars = properties.maxContextChars();
		this.search = new StoredConversationSearch(jdbc, cipher, events);
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
		boolean first = !owned(id, accountId).titled();
		store(id, accountId, message);
		if (first) {
			String title = message.text().strip();
			title = (title.length() > TITLE_CHARS) ? title.substring(0, TITLE_CHARS) + "…" : title;
			rename(id, accountId, title);
		}
		return context(id, accountId);
	}

	@Override
	public void reply(UUID id, Caller caller, ChatMessage reply) {
		UUID accountId = caller.accountId();
		if (accountId == null) {
			this.anonymous.reply(id, caller, reply);
			return;
		}
		owned(id, accountId);
		store(id, accountId, reply);
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
		List<StoredConversation> stored = this.jdbc
			.sql("select " + StoredConversation.COLUMNS + " from chat_sessions where account_id = ?"
					+ " order by updated_at desc" + limit)
			.param(accountId)
			.query(StoredConversation::of)
			.list();
		List<Summary> summaries = new ArrayList<>();
		int unreadable = 0;
		for (StoredConversation conversation : stored) {
			Optional<String> title = title(conversation, accountId);
			unreadable += (conversation.titled() && title.isEmpty()) ? 1 : 0;
			summaries.add(new Summary(conversation.id(), conversation.createdAt(), conversation.updatedAt(),
					title.orElse(null)));
		}
		reportUnreadable(accountId, TITLES, unreadable);
		return summaries;
	}

	/**
	 * The conversation's messages that open; one that does not (changed, or copied from
	 * another conversation or account) is left out, counted, and reported as tampering.
	 */
	@Override
	public Transcript messages(UUID id, UUID accountId) {
		owned(id, accountId);
		List<StoredMessage> messages = new ArrayList<>();
		int unreadable = 0;
		for (StoredMessage sealed : this.jdbc
			.sql("select role, content, created_at from chat_messages where session_id = ? order by id")
			.param(id)
			.query((row, number) -> new StoredMessage(row.getString("role"), row.getString("content"),
					row.getTimestamp("created_at").toInstant()))
			.list()) {
			Optional<String> content = this.cipher.decrypt(accountId, id, sealed.role(), sealed.content());
			if (content.isPresent()) {
				messages.add(new StoredMessage(sealed.role(), content.get(), sealed.createdAt()));
			}
			else {
				unreadable++;
			}
		}
		reportUnreadable(accountId, MESSAGES, unreadable);
		return new Transcript(messages, unreadable);
	}

	@Override
	public void delete(UUID id, UUID accountId) {
		if (this.jdbc.sql("delete from chat_sessions where id = ? and account_id = ?")
			.params(id, accountId)
			.update() == 0) {
			throw notFound();
		}
	}

	@Override
	public void rename(UUID id, UUID accountId, String title) {
		if (this.jdbc.sql("update chat_sessions set title = ? where id = ? and account_id = ?")
			.params(this.cipher.encrypt(accountId, id, TITLE, title), id, accountId)
			.update() == 0) {
			throw notFound();
		}
	}

	@Override
	public List<Summary> search(UUID accountId, String text) {
		return this.search.find(accountId, text);
	}

	/** Deletes the replies stored after the conversation's last user message. */
	@Override
	@Transactional
	public List<ChatMessage> rewind(UUID id, Caller caller) {
		UUID accountId = caller.accountId();
		if (accountId == null) {
			return this.anonymous.rewind(id, caller);
		}
		owned(id, accountId);
		long last = this.jdbc.sql("select max(id) from chat_messages where session_id = ? and role = 'user'")
			.param(id)
			.query(Long.class)
			.optional()
			.orElseThrow(MemoryConversations::nothingToAnswer);
		this.jdbc.sql("delete from chat_messages where session_id = ? and id > ?").params(id, last).update();
		return context(id, accountId);
	}

	@Override
	public void choosePreset(UUID id, Caller caller, UUID preset) {
		owned(id, Objects.requireNonNull(caller.accountId()));
		this.jdbc.sql("update chat_sessions set preset_id = ? where id = ?").params(preset, id).update();
	}

	@Override
	public Optional<UUID> preset(UUID id, Caller caller) {
		return Optional.ofNullable(owned(id, Objects.requireNonNull(caller.accountId())).presetId());
	}

	/**
	 * Stored conversations go with the account's rows; memory holds only anonymous ones.
	 */
	@Override
	public void forget(String owner) {
		this.anonymous.forget(owner);
	}

	private void store(UUID id, UUID accountId, ChatMessage message) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.sql("insert into chat_messages (session_id, role, content, created_at) values (?, ?, ?, ?)")
			.params(id, message.role(), this.cipher.encrypt(accountId, id, message.role(), message.text()), now)
			.update();
		this.jdbc.sql("update chat_sessions set updated_at = ? where id = ?").params(now, id).update();
	}

	/**
	 * The latest messages, within the context bounds, oldest first; one that does not
	 * open never reaches the model.
	 */
	private List<ChatMessage> context(UUID id, UUID accountId) {
		List<ChatMessage> sealed = this.jdbc
			.sql("select role, content from chat_messages where session_id = ? order by id desc limit "
					+ this.maxMessages)
			.param(id)
			.query((row, number) -> new ChatMessage(row.getString("role"), row.getString("content")))
			.list();
		List<ChatMessage> latest = new ArrayList<>();
		for (ChatMessage message : sealed) {
			this.cipher.decrypt(accountId, id, message.role(), message.text())
				.ifPresent((text) -> latest.add(new ChatMessage(message.role(), text)));
		}
		reportUnreadable(accountId, MESSAGES, sealed.size() - latest.size());
		Collections.reverse(latest);
		int chars = latest.stream().mapToInt((message) -> message.text().length()).sum();
		while (chars > this.maxChars && latest.size() > 1) {
			chars -= latest.removeFirst().text().length();
		}
		return latest;
	}

	private StoredConversation owned(UUID id, UUID accountId) {
		return this.jdbc
			.sql("select " + StoredConversation.COLUMNS + " from chat_sessions where id = ? and account_id = ?")
			.params(id, accountId)
			.query(StoredConversation::of)
			.optional()
			.orElseThrow(EncryptedConversations::notFound);
	}

	private Optional<String> title(StoredConversation conversation, UUID accountId) {
		String sealed = conversation.title();
		return (sealed != null) ? this.cipher.decrypt(accountId, conversation.id(), TITLE, sealed) : Optional.empty();
	}

	private void reportUnreadable(UUID accountId, String column, int unreadable) {
		if (unreadable > 0) {
			this.events.publishEvent(new StoredDataTampered(accountId, null, column));
		}
	}

	private static BastionException notFound() {
		return new BastionException(ErrorCode.NOT_FOUND, "There is no such conversation; start a new one.");
	}

}
