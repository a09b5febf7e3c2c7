package dev.bastion.chat;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.bastion.account.AccountLimits;
import dev.bastion.system.InvalidInputException;

/**
 * What accounts spent on chat per UTC day, read-only: one account's days (for the user
 * and for administrators) and everyone's totals per account and per model (for
 * administrators). Days without use are left out; rows from before model routing have no
 * model.
 */
@Component
public final class UsageHistory {

	/** The longest history one read returns. */
	public static final int MAX_DAYS = 366;

	/** The most accounts one page of totals holds. */
	public static final int MAX_PAGE_SIZE = 100;

	/** More models than any configuration offers: a bound, not a page. */
	private static final int MAX_MODELS = 500;

	private static final String SINCE = " where usage_day >= ?";

	private final JdbcClient jdbc;

	private final Clock clock;

	private final ChatProperties properties;

	private final AccountLimits limits;

	UsageHistory(JdbcClient jdbc, Clock clock, ChatProperties properties, AccountLimits limits) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
		this.limits = limits;
	}

	/**
	 * The daily token budget that applies to the account: its own if an administrator set
	 * one, else {@code CHAT_DAILY_TOKEN_BUDGET}. The one place this rule lives.
	 */
	public DailyBudget budget(UUID accountId) {
		Long own = this.limits.limits(accountId).dailyTokenBudget();
		return (own != null) ? new DailyBudget(own, true) : new DailyBudget(this.properties.dailyTokenBudget(), false);
	}

	/**
	 * {@code 400 VALIDATION_ERROR} naming {@code days} unless it is 1 to
	 * {@link #MAX_DAYS}.
	 */
	public static int checkDays(int days) {
		if (days < 1 || days > MAX_DAYS) {
			throw new InvalidInputException("days", "must be 1 to " + MAX_DAYS);
		}
		return days;
	}

	/** The first of the last {@code days} UTC days, today included. */
	public LocalDate firstDay(int days) {
		return today().minusDays(Math.clamp(days, 1, MAX_DAYS) - 1L);
	}

	public LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	/**
	 * The last {@code days} UTC days (today included), newest first, over every model and
	 * connection.
	 */
	public List<Day> lastDays(UUID accountId, int days) {
		return this.jdbc
			.sql("select usage_day, sum(tokens) as tokens, sum(requests) as requests from chat_usage"
					+ " where account_id = ? and usage_day >= ? group by usage_day order by usage_day desc")
			.params(accountId, Date.valueOf(firstDay(days)))
			.query((row, number) -> new Day(row.getDate("usage_day").toLocalDate(), row.getLong("tokens"),
					row.getLong("requests")))
			.list();
	}

	/**
	 * The last {@code days} UTC days per model (over every connection), oldest first.
	 */
	List<ModelDay> lastDaysPerModel(UUID accountId, int days) {
		return this.jdbc
			.sql("select usage_day, model, sum(tokens) as tokens, sum(requests) as requests from chat_usage"
					+ " where account_id = ? and usage_day >= ? group by usage_day, model order by usage_day, model")
			.params(accountId, Date.valueOf(firstDay(days)))
			.query((row, number) -> new ModelDay(row.getDate("usage_day").toLocalDate(), model(row.getString("model")),
					row.getLong("tokens"), row.getLong("requests")))
			.list();
	}

	/**
	 * Everyone's tokens and requests per model over the last {@code days}, most first.
	 */
	public List<ModelTotal> perModel(int days) {
		return this.jdbc
			.sql("select model, sum(tokens) as tokens, sum(requests) as requests from chat_usage" + SINCE
					+ " group by model order by tokens desc, model limit " + MAX_MODELS)
			.params(Date.valueOf(firstDay(days)))
			.query((row, number) -> new ModelTotal(model(row.getString("model")), row.getLong("tokens"),
					row.getLong("requests")))
			.list();
	}

	/**
	 * A page of the accounts that used chat over the last {@code days}, most tokens first
	 * (then by id: a stable order).
	 */
	public List<AccountTotal> perAccount(int days, int page, int size) {
		return this.jdbc
			.sql("select account_id, sum(tokens) as tokens, sum(requests) as requests from chat_usage" + SINCE
					+ " group by account_id order by tokens desc, account_id limit ? offset ?")
			.params(Date.valueOf(firstDay(days)), size, (long) page * size)
			.query((row, number) -> new AccountTotal(row.getObject("account_id", UUID.class), row.getLong("tokens"),
					row.getLong("requests")))
			.list();
	}

	/** How many accounts used chat over the last {@code days}. */
	public long accountsWithUsage(int days) {
		return this.jdbc.sql("select count(distinct account_id) from chat_usage" + SINCE)
			.params(Date.valueOf(firstDay(days)))
			.query(Long.class)
			.single();
	}

	/** Rows from before model routing keep an empty model: shown as none. */
	private static @Nullable String model(String stored) {
		return stored.isEmpty() ? null : stored;
	}

	/**
	 * @param tokens tokens per UTC day
	 * @param own whether it is the account's own, not CHAT_DAILY_TOKEN_BUDGET
	 */
	public record DailyBudget(long tokens, boolean own) {
	}

	/** Tokens and requests of one UTC day. */
	public record Day(LocalDate day, long tokens, long requests) {
	}

	/** Tokens and requests of one UTC day on one model ({@code null}: before routing). */
	record ModelDay(LocalDate day, @Nullable String model, long tokens, long requests) {
	}

	/** Tokens and requests on one model ({@code null}: before model routing). */
	public record ModelTotal(@Nullable String model, long tokens, long requests) {
	}

	/** Tokens and requests of one account. */
	public record AccountTotal(UUID accountId, long tokens, long requests) {
	}

}
