package dev.bastion.chat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.bastion.chat.provider.ModelRouter;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * The daily token budgets: the user's own (set by an administrator, else
 * {@code CHAT_DAILY_TOKEN_BUDGET}) over every model, and a model's, per user, where
 * {@code MODELS_FILE} sets one. Both are refused alike, {@code 429 RATE_LIMIT_EXCEEDED}
 * until midnight UTC. A model's budget is per user so that no one user can spend
 * everybody's share of an expensive model.
 */
@Component
class Budgets {

	private final Usage usage;

	private final UsageHistory history;

	Budgets(Usage usage, UsageHistory history) {
		this.usage = usage;
		this.history = history;
	}

	/** Refuses a caller whose budget, or whose budget on the routed model, is spent. */
	void check(ChatService.Caller caller, ModelRouter.@Nullable Route route) {
		UUID accountId = caller.accountId();
		if (accountId == null) {
			return;
		}
		if (this.usage.today(accountId).tokens() >= dailyBudget(accountId)) {
			throw new BastionException(ErrorCode.RATE_LIMIT_EXCEEDED,
					"Today's token budget is spent; it renews at midnight UTC.", untilMidnight());
		}
		if (route != null && route.dailyTokenBudget() > 0
				&& this.usage.today(accountId, route.model()).tokens() >= route.dailyTokenBudget()) {
			throw new BastionException(ErrorCode.RATE_LIMIT_EXCEEDED,
					"Today's token budget for this model is spent; it renews at midnight UTC. Other models may "
							+ "still be used.",
					untilMidnight());
		}
	}

	Today today(UUID accountId) {
		Usage.Today today = this.usage.today(accountId);
		return new Today(today.tokens(), dailyBudget(accountId), today.requests());
	}

	private long dailyBudget(UUID accountId) {
		return this.history.budget(accountId).tokens();
	}

	private static Duration untilMidnight() {
		ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
		return Duration.between(now, now.toLocalDate().plusDays(1).atTime(LocalTime.MIDNIGHT).atZone(ZoneOffset.UTC));
	}

	/** Today's part of the usage report ({@link UsageController}). */
	record Today(long tokensToday, long dailyBudget, long requestsToday) {
	}

}
