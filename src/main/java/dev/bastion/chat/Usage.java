package dev.bastion.chat;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

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

	Usage(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	Today today(UUID accountId) {
		return this.jdbc.sql("select tokens, requests from chat_usage where account_id = ? and usage_day = ?")
			.params(accountId, Date.valueOf(day()))
			.query((row, number) -> new Today(row.getLong("tokens"), row.getLong("requests")))
			.optional()
			.orElse(new Today(0, 0));
	}

	void add(UUID accountId, long tokens) {
		Date day = Date.valueOf(day());
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

}
