package dev.bastion.account;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;

/**
 * What an administrator allows one account beyond the server-wide settings: its own daily
 * token budget (instead of {@code CHAT_DAILY_TOKEN_BUDGET}) and the models it may use.
 * Read before every chat turn, so each account's limits are kept for a few seconds: this
 * instance's own changes show at once, another instance's within {@link #FRESHNESS}.
 */
@Component
public final class AccountLimits {

	/** How late a change made on another instance may be seen here. */
	static final Duration FRESHNESS = Duration.ofSeconds(5);

	/** The largest daily budget an administrator may set. */
	public static final long MAX_BUDGET = 1_000_000_000_000L;

	static final int MAX_MODELS = 50;

	private static final int MAX_STORED = 2000;

	private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");

	private final JdbcClient jdbc;

	private final Cache<UUID, Limits> recent = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(FRESHNESS)
		.build();

	AccountLimits(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The account's own daily token budget; empty when the server-wide one applies. */
	public OptionalLong dailyTokenBudget(UUID accountId) {
		Long budget = limits(accountId).dailyTokenBudget();
		return (budget != null) ? OptionalLong.of(budget) : OptionalLong.empty();
	}

	/**
	 * The only models the account may use (model names or aliases, as configured); empty
	 * when no per-account list is set and the role's permissions alone decide. A present
	 * but empty list allows no model at all.
	 */
	public Optional<List<String>> allowedModels(UUID accountId) {
		return Optional.ofNullable(limits(accountId).allowedModels());
	}

	/** Both limits at once, as stored ({@code null}: the server-wide default). */
	public Limits limits(UUID accountId) {
		return this.recent.get(accountId, this::read);
	}

	/**
	 * Sets ({@code null}: clears) the account's daily budget: 0 to {@link #MAX_BUDGET}.
	 */
	public void setDailyTokenBudget(UUID accountId, @Nullable Long budget) {
		if (budget != null && (budget < 0 || budget > MAX_BUDGET)) {
			throw new InvalidInputException("daily_token_budget", "must be 0 to " + MAX_BUDGET + ", or null");
		}
		update(accountId, "update accounts set daily_token_budget = ? where id = ?", budget);
	}

	/**
	 * Sets ({@code null}: clears) the models the account may use: at most
	 * {@link #MAX_MODELS} names of letters, digits and {@code . _ : / @ + -}.
	 */
	public void setAllowedModels(UUID accountId, @Nullable List<String> models) {
		update(accountId, "update accounts set allowed_models = ? where id = ?",
				(models != null) ? String.join(",", checked(models)) : null);
	}

	private void update(UUID accountId, String sql, @Nullable Object value) {
		int changed = this.jdbc.sql(sql).params(value, accountId).update();
		this.recent.invalidate(accountId);
		if (changed == 0) {
			throw new BastionException(ErrorCode.NOT_FOUND, "There is no such account.");
		}
	}

	private static List<String> checked(List<String> models) {
		if (models.size() > MAX_MODELS) {
			throw new InvalidInputException("allowed_models", "must name at most " + MAX_MODELS + " models");
		}
		LinkedHashSet<String> names = new LinkedHashSet<>();
		for (String model : models) {
			if (model == null || !MODEL.matcher(model.strip()).matches()) {
				throw new InvalidInputException("allowed_models",
						"must be model names of 1 to 200 letters, digits and . _ : / @ + -");
			}
			names.add(model.strip());
		}
		if (String.join(",", names).length() > MAX_STORED) {
			throw new InvalidInputException("allowed_models", "must be at most " + MAX_STORED + " characters in all");
		}
		return List.copyOf(names);
	}

	private Limits read(UUID accountId) {
		return this.jdbc.sql("select daily_token_budget, allowed_models from accounts where id = ?")
			.param(accountId)
			.query((row, number) -> new Limits((Long) row.getObject("daily_token_budget", Long.class),
					models(row.getString("allowed_models"))))
			.optional()
			.orElse(new Limits(null, null));
	}

	private static @Nullable List<String> models(@Nullable String stored) {
		if (stored == null) {
			return null;
		}
		return stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
	}

	/**
	 * An account's own limits; {@code null} where the server-wide setting applies.
	 */
	public record Limits(@Nullable Long dailyTokenBudget, @Nullable List<String> allowedModels) {

		public Limits {
			allowedModels = (allowedModels != null) ? List.copyOf(allowedModels) : null;
		}

	}

}
