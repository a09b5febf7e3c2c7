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
 * Tokens and requests per user and UTC day, in the database so every instance sees them.
 */
@Repository
class Usage {

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

	Today today(UUID accountId) {
		return this.recent.get(new Key(accountId, day()), this::read);
	}

	private Today read(Key key) {
		return this.jdbc.sql("select tokens, requests from chat_usage where account_id = ? and usage_day = ?")
			.params(key.accountId(), Date.valueOf(key.day()))
			.query((row, number) -> new Today(row.getLong("tokens"), row.getLong("requests")))
			.optional()
			.orElse(new Today(0, 0));
	}

	void add(UUID accountId, long tokens) {
		LocalDate today = day();
		try {
			write(accountId, Date.valueOf(today), tokens);
		}
		finally {
			this.recent.invalidate(new Key(accountId, today));
		}
	}

	private void write(UUID accountId, Date day, long tokens) {
		String update = "update chat_usage set tokens = tokens + ?, requests = requests + 1 where account_id = ? and usage_day = ?";
		if (this.jdbc.sql(update).params(tokens, accountId, day).update() == 1) {
			return;
		}
		try {
			this.jdbc.sql("insert into chat_usage (account_id, usage_day, tokens, requests) values (?, ?, ?, 1)")
				.params(accountId, day, tokens)
				.update();
		}
		catch (DuplicateKeyException ex) {
			this.jdbc.sql(update).params(tokens, accountId, day).update();
		}
	}

	LocalDate day() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	record Today(long tokens, long requests) {
	}

	private record Key(UUID accountId, LocalDate day) {
	}

}
