package dev.bastion.chat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import dev.bastion.account.AccountLimits;
import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.chat.provider.ChatProvider;
import dev.bastion.chat.provider.Completion;
import dev.bastion.chat.provider.GenerationParameters;
import dev.bastion.chat.provider.OfflineProvider;
import dev.bastion.chat.provider.ProviderFailure;
import dev.bastion.chat.provider.ReplyAbandoned;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;

/**
 * A chat turn: checked (message size, budget, conversation owner) before any provider is
 * called, then answered, with the tokens counted against the user's daily budget.
 */
@Service
class ChatService {

	private static final Logger logger = LoggerFactory.getLogger(ChatService.class);

	private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

	private final Conversations conversations;

	private final List<ChatProvider> providers;

	private final Usage usage;

	private final ReplyCache cache;

	private final ChatProperties properties;

	private final AccountLimits limits;

	ChatService(Conversations conversations, List<ChatProvider> providers, Usage usage, ReplyCache cache,
			ChatProperties properties, AccountLimits limits) {
		this.limits = limits;
		this.conversations = conversations;
		this.providers = providers;
		this.usage = usage;
		this.cache = cache;
		this.properties = properties;
	}

	UUID startSession(Caller caller) {
		return this.conversations.start(caller);
	}

	/** Everything that can be refused is refused here, before the reply starts. */
	Turn prepare(Caller caller, @Nullable UUID sessionId, @Nullable String message, Options options) {
		if (message == null || message.isBlank()) {
			throw new InvalidInputException("message", "is required");
		}
		if (message.length() > this.properties.maxMessageChars()) {
			throw new InvalidInputException("message",
					"must be at most " + this.properties.maxMessageChars() + " characters");
		}
		checkMaxTokens(options);
		checkBudget(caller);
		UUID session = (sessionId != null) ? sessionId : this.conversations.start(caller);
		List<ChatMessage> context = this.conversations.add(session, caller, new ChatMessage("user", message));
		return new Turn(caller, session, context, options);
	}

	/**
	 * Another answer to the conversation's last message, the previous one taken back:
	 * checked like a new message, before anything is taken back.
	 */
	Turn regenerate(Caller caller, UUID sessionId, Options options) {
		checkMaxTokens(options);
		checkBudget(caller);
		return new Turn(caller, sessionId, this.conversations.rewind(sessionId, caller), options);
	}

	List<Conversations.Summary> conversations(UUID accountId, @Nullable String query) {
		return (query == null) ? this.conversations.list(accountId) : this.conversations.search(accountId, query);
	}

	void rename(UUID sessionId, UUID accountId, String title) {
		this.conversations.rename(sessionId, accountId, title);
	}

	Conversations.Transcript messages(UUID sessionId, UUID accountId) {
		return this.conversations.messages(sessionId, accountId);
	}

	/** Refuses (404) a conversation the caller does not own. */
	void checkOwner(UUID sessionId, Caller caller) {
		this.conversations.checkOwner(sessionId, caller);
	}

	void forget(UUID sessionId, UUID accountId) {
		this.conversations.delete(sessionId, accountId);
	}

	/**
	 * A stateless turn for the OpenAI-compatible API: the caller sends the whole
	 * conversation, checked against the same bounds and budget.
	 */
	Turn prepareStateless(Caller caller, List<ChatMessage> messages, Options options) {
		if (messages.isEmpty() || messages.size() > this.properties.maxContextMessages()) {
			throw new InvalidInputException("messages",
					"must hold 1 to " + this.properties.maxContextMessages() + " messages");
		}
		int chars = 0;
		for (ChatMessage message : messages) {
			if (message.text().length() > this.properties.maxMessageChars()) {
				throw new InvalidInputException("messages",
						"each message must be at most " + this.properties.maxMessageChars() + " characters");
			}
			chars += message.text().length();
		}
		if (chars > this.properties.maxContextChars()) {
			throw new InvalidInputException("messages",
					"must be at most " + this.properties.maxContextChars() + " characters in all");
		}
		checkMaxTokens(options);
		checkBudget(caller);
		return new Turn(caller, null, List.copyOf(messages), options);
	}

	Today usage(UUID accountId) {
		Usage.Today today = this.usage.today(accountId);
		return new Today(today.tokens(), dailyBudget(accountId), today.requests());
	}

	private void checkMaxTokens(Options options) {
		options.parameters().checkAnswerLimit(this.properties.maxTokens());
	}

	void checkBudget(Caller caller) {
		UUID accountId = caller.accountId();
		if (accountId != null && this.usage.today(accountId).tokens() >= dailyBudget(accountId)) {
			throw new BastionException(ErrorCode.RATE_LIMIT_EXCEEDED,
					"Today's token budget is spent; it renews at midnight UTC.", untilMidnight());
		}
	}

	/**
	 * The account's own budget if an administrator set one, else CHAT_DAILY_TOKEN_BUDGET.
	 */
	private long dailyBudget(UUID accountId) {
		return this.limits.dailyTokenBudget(accountId).orElse(this.properties.dailyTokenBudget());
	}

	/** The model names callers may ask for: those of the providers in order. */
	List<String> models() {
		return this.providers.stream().map(ChatProvider::model).toList();
	}

	private static Duration untilMidnight() {
		ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
		return Duration.between(now, now.toLocalDate().plusDays(1).atTime(LocalTime.MIDNIGHT).atZone(ZoneOffset.UTC));
	}

	/**
	 * Who is chatting: an account, or an anonymous address when REQUIRE_AUTH is false.
	 */
	record Caller(@Nullable UUID accountId, String owner) {

		/** An account's caller. */
		static Caller account(UUID accountId) {
			return new Caller(accountId, "account:" + accountId);
		}

	}

	/**
	 * What a caller may choose per request.
	 *
	 * @param cache whether a cached reply may be served (and this one cached)
	 * @param parameters how the answer is to be generated (its length, sampling...)
	 */
	record Options(boolean cache, GenerationParameters parameters) {

		static final Options DEFAULT = new Options(true, GenerationParameters.DEFAULTS);

		static Options of(@Nullable Boolean cache, GenerationParameters parameters) {
			return new Options(!Boolean.FALSE.equals(cache), parameters);
		}

		Options withoutCache() {
			return new Options(false, this.parameters);
		}

	}

	/** The usage report of {@code GET /api/v1/users/me/usage}. */
	record Today(long tokensToday, long dailyBudget, long requestsToday) {
	}

	/** A checked turn, ready to be answered. */
	final class Turn {

		private final Caller caller;

		private final @Nullable UUID session;

		private final List<ChatMessage> context;

		private final Options options;

		Turn(Caller caller, @Nullable UUID session, List<ChatMessage> context, Options options) {
			this.caller = caller;
			this.session = session;
			this.context = context;
			this.options = options;
		}

		/**
		 * Serves a cached reply when there is one; otherwise asks the providers in order
		 * (a failed one hands over to the next unless it had already started answering)
		 * and caches the answer (not the offline provider's: it costs nothing, and a real
		 * model's answer should replace it once one is back).
		 */
		ChatReply answer(Consumer<String> pieces) {
			return answer((model, piece) -> pieces.accept(piece));
		}

		/**
		 * As {@link #answer(Consumer)}, naming with each piece the model that writes it
		 * (the one asked of the provider answering, or the one a cached reply came from).
		 */
		ChatReply answer(Pieces pieces) {
			Optional<String> key = this.options.cache()
					? ChatService.this.cache.key(this.caller.owner(), this.options.parameters(), this.context)
					: Optional.empty();
			Optional<ReplyCache.Entry> cached = key.flatMap(ChatService.this.cache::get);
			if (cached.isPresent()) {
				ReplyCache.Entry entry = cached.get();
				pieces.accept(entry.model(), entry.text());
				return record(entry.provider(), new Completion(entry.text(), entry.model(), 0, 0), true);
			}
			boolean timedOut = false;
			for (ChatProvider provider : ChatService.this.providers) {
				AtomicBoolean started = new AtomicBoolean();
				try {
					Completion completion = ask(provider, started, pieces);
					if (!(provider instanceof OfflineProvider)) {
						key.ifPresent((k) -> ChatService.this.cache.put(k,
								new ReplyCache.Entry(completion.text(), provider.name(), completion.model(),
										completion.promptTokens(), completion.completionTokens())));
					}
					return record(provider.name(), completion, false);
				}
				catch (ProviderFailure failure) {
					if (started.get()) {
						logger.warn("Provider {} stopped in the middle of an answer", provider.name());
						throw new BastionException(ErrorCode.PROVIDER_UNAVAILABLE,
								"The model stopped in the middle of its answer; try again.", RETRY_AFTER);
					}
					ProviderFailures.handOver(provider.name(), failure);
					timedOut = failure.timedOut();
				}
			}
			throw timedOut ? new BastionException(ErrorCode.PROVIDER_TIMEOUT, "The model did not answer in time.")
					: new BastionException(ErrorCode.PROVIDER_UNAVAILABLE, "No model provider is available right now.",
							RETRY_AFTER);
		}

		/**
		 * Asks one provider. An answer cut short (the caller left, the provider failed
		 * midway) is charged for what it had produced: that was spent all the same.
		 */
		private Completion ask(ChatProvider provider, AtomicBoolean started, Pieces pieces) {
			AtomicLong sentChars = new AtomicLong();
			try {
				return provider.complete(this.context, this.options.parameters(), (piece) -> {
					started.set(true);
					sentChars.addAndGet(piece.length());
					pieces.accept(provider.model(), piece);
				});
			}
			catch (ReplyAbandoned | ProviderFailure ex) {
				if (started.get()) {
					chargeEstimate(sentChars.get());
				}
				throw ex;
			}
		}

		/**
		 * Counts the tokens first, so that nothing after the answer can leave them
		 * unpaid.
		 */
		private ChatReply record(String provider, Completion completion, boolean cached) {
			UUID accountId = this.caller.accountId();
			if (accountId != null && !cached) {
				ChatService.this.usage.add(accountId, completion.totalTokens());
			}
			UUID session = this.session;
			if (session != null) {
				ChatService.this.conversations.reply(session, this.caller,
						new ChatMessage("assistant", completion.text()));
			}
			return new ChatReply(completion.text(), session, provider, completion.model(), cached,
					new ChatReply.TokenUsage(completion.promptTokens(), completion.completionTokens(),
							completion.totalTokens()));
		}

		/**
		 * For an answer cut short, whose token counts never arrived: the prompt and what
		 * was handed on, at about four characters a token.
		 */
		private void chargeEstimate(long sentChars) {
			UUID accountId = this.caller.accountId();
			if (accountId != null) {
				long promptChars = this.context.stream().mapToLong((message) -> message.text().length()).sum();
				ChatService.this.usage.add(accountId, (promptChars + sentChars + 3) / 4);
			}
		}

	}

}
