package dev.bastion.chat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.system.InvalidInputException;

/**
 * {@code GET /api/v1/users/me/usage}: the caller's own usage only (an API key may read it
 * too): today against the daily budget, as before, and one entry per UTC day of the last
 * {@code days} (30 unless asked, 1 to {@link UsageHistory#MAX_DAYS}), oldest first, days
 * without use included as zeros so that a chart needs no gaps filled.
 */
@RestController
class UsageController {

	static final int DEFAULT_DAYS = 30;

	private final Budgets budgets;

	private final UsageHistory history;

	UsageController(Budgets budgets, UsageHistory history) {
		this.budgets = budgets;
		this.history = history;
	}

	@GetMapping("/api/v1/users/me/usage")
	Report usage(Authentication authentication, @RequestParam(required = false) @Nullable String days) {
		int count = UsageHistory.checkDays(days(days));
		UUID accountId = UUID.fromString(authentication.getName());
		Budgets.Today today = this.budgets.today(accountId);
		return new Report(today.tokensToday(), today.dailyBudget(), today.requestsToday(), count,
				series(this.history.lastDaysPerModel(accountId, count), this.history.firstDay(count), count));
	}

	private static int days(@Nullable String days) {
		if (days == null) {
			return DEFAULT_DAYS;
		}
		try {
			return Integer.parseInt(days.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidInputException("days", "must be a whole number from 1 to " + UsageHistory.MAX_DAYS);
		}
	}

	/** Every day from {@code first}, each with its models (rows come oldest first). */
	private static List<Day> series(List<UsageHistory.ModelDay> rows, LocalDate first, int count) {
		Map<LocalDate, List<UsageHistory.ModelDay>> byDay = new LinkedHashMap<>();
		rows.forEach((row) -> byDay.computeIfAbsent(row.day(), (day) -> new ArrayList<>()).add(row));
		List<Day> series = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			LocalDate day = first.plusDays(i);
			List<Model> models = byDay.getOrDefault(day, List.of())
				.stream()
				.map((row) -> new Model(row.model(), row.tokens(), row.requests()))
				.toList();
			series.add(new Day(day, models.stream().mapToLong(Model::tokens).sum(),
					models.stream().mapToLong(Model::requests).sum(), models));
		}
		return series;
	}

	/**
	 * The usage report.
	 *
	 * @param tokensToday tokens counted today (UTC)
	 * @param dailyBudget the budget that applies today
	 * @param requestsToday chat requests today
	 * @param days how many days {@code series} holds
	 * @param series one entry per day, oldest first, today last
	 */
	record Report(long tokensToday, long dailyBudget, long requestsToday, int days, List<Day> series) {

		Report {
			series = List.copyOf(series);
		}

	}

	/** One UTC day: its totals and the models they were spent on. */
	record Day(LocalDate day, long tokens, long requests, List<Model> models) {

		Day {
			models = List.copyOf(models);
		}

	}

	/** One model's share of a day; {@code model} is null for use from before routing. */
	record Model(@Nullable String model, long tokens, long requests) {
	}

}
