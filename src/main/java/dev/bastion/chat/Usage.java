package dev.bastion.chat;

import java.sql.Date;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tokens and requests per user, UTC day, model and connection, in the database so every
 * instance sees them. Rows from before model routing have an empty model and connection;
 * they count towards the user's day like any other.
 */
@Repository
class Usage {

	/** Not a model's name: model names are never empty. */
	private static final String ALL_MODELS = "";

	private static final String DAY = "select coalesce(sum(tokens), 0) as tokens, coalesce(sum(requests), 0) "
			+ "as requests from chat_usage where account_id = ? and usage_day = ?";

	private static final String DAY_ON_MODEL = DAY + " and model = ?";

	private final JdbcClient jdbc;

	private final Clock clock;

	/**
	 * Each user's day as last read, for a second: a chat checks the budget before every
	 * turn, and this instance's own writes drop the entry at once, so only another
	 * instance's spending is seen up to a second late.
	 */
	private final Cache<Key, Today> recent = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(Duration.ofSeconds(1))
		.build();

	Usage(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The user's day on every model. */
	Today today(UUID accountId) {
		return this.recent.get(new Key(accountId, day(), ALL_MODELS), this::read);
	}

	/** The user's day on one model, through any connection. */
	Today today(UUID accountId, String model) {
		return this.recent.get(new Key(accountId, day(), model), this::read);
	}

	private Today read(Key key) {
		JdbcClient.StatementSpec day = key.model().equals(ALL_MODELS)
				? this.jdbc.sql(DAY).params(key.accountId(), Date.valueOf(key.day()))
				: this.jdbc.sql(DAY_ON_MODEL).params(key.accountId(), Date.valueOf(key.day()), key.model());
		return day.query((row, number) -> new Today(row.getLong("tokens"), row.getLong("requests")))
			.optional()
			.orElse(new Today(0, 0));
	}

	/**
	 * Records a request's tokens against the model asked for and the connection asked.
	 */
	void add(UUID accountId, long tokens, String model, String connection) {
		LocalDate today = day();
		try {
			write(accountId, Date.valueOf(today), tokens, model, connection);
		}
		finally {
			this.recent.invalidate(new Key(accountId, today, ALL_MODELS));
			this.recent.invalidate(new Key(accountId, today, model));
		}
	}

	private void write(UUID accountId, Date day, long tokens, String model, String connection) {
		String update = "update chat_usage set tokens = tokens + ?, requests = requests + 1 "
				+ "where account_id = ? and usage_day = ? and model = ? and connection = ?";
		if (this.jdbc.sql(update).params(tokens, accountId, day, model, connection).update() == 1) {
			return;
		}
		try {
			this.jdbc
				.sql("insert into chat_usage (account_id, usage_day, model, connection, tokens, requests) "
						+ "values (?, ?, ?, ?, ?, 1)")
				.params(accountId, day, model, connection, tokens)
				.update();
		}
		catch (DuplicateKeyException ex) {
			this.jdbc.sql(update).params(tokens, accountId, day, model, connection).update();
		}
	}

	LocalDate day() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	record Today(long tokens, long requests) {
	}

	private record Key(UUID accountId, LocalDate day, String model) {
	}

}
