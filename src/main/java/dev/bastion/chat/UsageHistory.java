package dev.bastion.chat;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an account spent on chat per UTC day, for administrators: read-only, days without
 * use left out.
 */
@Component
public final class UsageHistory {

	/** The longest history one read returns. */
	public static final int MAX_DAYS = 366;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final ChatProperties properties;

	UsageHistory(JdbcClient jdbc, Clock clock, ChatProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * {@code CHAT_DAILY_TOKEN_BUDGET}: the budget of accounts without one of their own.
	 */
	public long defaultDailyBudget() {
		return this.properties.dailyTokenBudget();
	}

	/**
	 * The last {@code days} UTC days (today included), newest first, over every model and
	 * connection.
	 */
	public List<Day> lastDays(UUID accountId, int days) {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		LocalDate first = today.minusDays(Math.clamp(days, 1, MAX_DAYS) - 1L);
		return this.jdbc
			.sql("select usage_day, sum(tokens) as tokens, sum(requests) as requests from chat_usage"
					+ " where account_id = ? and usage_day >= ? group by usage_day order by usage_day desc")
			.params(accountId, Date.valueOf(first))
			.query((row, number) -> new Day(row.getDate("usage_day").toLocalDate(), row.getLong("tokens"),
					row.getLong("requests")))
			.list();
	}

	/** Tokens and requests of one UTC day. */
	public record Day(LocalDate day, long tokens, long requests) {
	}

}
