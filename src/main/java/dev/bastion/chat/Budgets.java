package dev.bastion.chat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.chat.provider.Completion;
import dev.bastion.chat.provider.GenerationParameters;
import dev.bastion.chat.provider.ModelRouter;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * The daily token budgets: the user's own (set by an administrator, else
 * {@code CHAT_DAILY_TOKEN_BUDGET}) over every model, and a model's, per user, where
 * {@code MODELS_FILE} sets one. Both are refused alike, {@code 429 RATE_LIMIT_EXCEEDED}
 * until midnight UTC. A model's budget is per user so that no one user can spend
 * everybody's share of an expensive model.
 * <p>
 * What a reply costs is known only once it is over, so while it runs it holds a
 * reservation, counted as spent: its prompt's estimate plus the longest answer it may get
 * (its {@code max_tokens}, else {@code CHAT_MAX_TOKENS}). Turns sent in parallel then
 * pass a budget by one reply at most, as turns one after the other do, not by as many as
 * they are. Reservations are each instance's own.
 */
@Component
class Budgets {

	private final Usage usage;

	private final UsageHistory history;

	private final int maxTokens;

	/** Tokens held by replies still running, per account and per account and model. */
	private final ConcurrentMap<Key, Long> reserved = new ConcurrentHashMap<>();

	Budgets(Usage usage, UsageHistory history, ChatProperties properties) {
		this.usage = usage;
		this.history = history;
		this.maxTokens = properties.maxTokens();
	}

	/**
	 * Refuses a caller whose budget, or whose budget on the routed model, is spent,
	 * counting the replies still running as spent.
	 */
	void check(ChatService.Caller caller, ModelRouter.@Nullable Route route) {
		UUID accountId = caller.accountId();
		if (accountId == null) {
			return;
		}
		Key all = new Key(accountId, null);
		if (this.reserved.getOrDefault(all, 0L) >= left(all, 0)) {
			throw refusal(all);
		}
		if (route != null && route.dailyTokenBudget() > 0) {
			Key model = new Key(accountId, route.model());
			if (this.reserved.getOrDefault(model, 0L) >= left(model, route.dailyTokenBudget())) {
				throw refusal(model);
			}
		}
	}

	/**
	 * Checks as {@link #check} does and, atomically with it, reserves the most a reply to
	 * {@code context} may cost until the reservation is closed: of two turns at once, the
	 * second sees the first's reservation.
	 */
	Reservation reserve(ChatService.Caller caller, ModelRouter.Route route, List<ChatMessage> context,
			GenerationParameters parameters) {
		UUID accountId = caller.accountId();
		if (accountId == null) {
			return () -> {
			};
		}
		long promptChars = context.stream().mapToLong((message) -> message.text().length()).sum();
		int asked = parameters.answerLimit();
		long tokens = Completion.estimatedTokens(promptChars) + ((asked > 0) ? asked : this.maxTokens);
		Key all = new Key(accountId, null);
		reserve(all, tokens, 0);
		if (route.dailyTokenBudget() == 0) {
			return () -> release(all, tokens);
		}
		Key model = new Key(accountId, route.model());
		try {
			reserve(model, tokens, route.dailyTokenBudget());
		}
		catch (RuntimeException ex) {
			release(all, tokens);
			throw ex;
		}
		return () -> {
			release(all, tokens);
			release(model, tokens);
		};
	}

	/**
	 * Reserves unless the replies running already hold what is left; what is left is read
	 * before, so that no database read holds the map's lock.
	 */
	private void reserve(Key key, long tokens, long modelBudget) {
		long left = left(key, modelBudget);
		boolean[] refused = { false };
		this.reserved.compute(key, (k, held) -> {
			long now = (held != null) ? held : 0;
			refused[0] = now >= left;
			return refused[0] ? held : Long.valueOf(now + tokens);
		});
		if (refused[0]) {
			throw refusal(key);
		}
	}

	private void release(Key key, long tokens) {
		this.reserved.computeIfPresent(key, (k, held) -> (held > tokens) ? Long.valueOf(held - tokens) : null);
	}

	/**
	 * What the key may still spend today, before the replies running: its budget (the
	 * account's, or {@code modelBudget} on a model) less its tokens so far.
	 */
	private long left(Key key, long modelBudget) {
		String model = key.model();
		if (model == null) {
			return dailyBudget(key.accountId()) - this.usage.today(key.accountId()).tokens();
		}
		return modelBudget - this.usage.today(key.accountId(), model).tokens();
	}

	private static BastionException refusal(Key key) {
		return (key.model() == null)
				? new BastionException(ErrorCode.RATE_LIMIT_EXCEEDED,
						"Today's token budget is spent; it renews at midnight UTC.", untilMidnight())
				: new BastionException(ErrorCode.RATE_LIMIT_EXCEEDED,
						"Today's token budget for this model is spent; it renews at midnight UTC. Other models may "
								+ "still be used.",
						untilMidnight());
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

	/** A reply's hold on the budgets, given back when it is over. */
	interface Reservation extends AutoCloseable {

		@Override
		void close();

	}

	/** An account's reservations, on every model ({@code model} null) or on one. */
	private record Key(UUID accountId, @Nullable String model) {
	}

	/** Today's part of the usage report ({@link UsageController}). */
	record Today(long tokensToday, long dailyBudget, long requestsToday) {
	}

}
