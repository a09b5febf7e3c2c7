package dev.bastion.chat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.chat.provider.ChatProvider;
import dev.bastion.chat.provider.Completion;
import dev.bastion.chat.provider.GenerationParameters;
import dev.bastion.chat.provider.ModelRouter;
import dev.bastion.chat.provider.ModelRouter.Route;
import dev.bastion.chat.provider.OfflineProvider;
import dev.bastion.chat.provider.ProviderFailure;
import dev.bastion.chat.provider.ReplyAbandoned;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.Secret;

/**
 * A chat turn: checked (message size, model, budgets, conversation owner) before any
 * connection is called, then answered by the chosen model's connections, with the tokens
 * counted against the user's daily budgets.
 */
@Service
class ChatService {

	private static final Logger logger = LoggerFactory.getLogger(ChatService.class);

	private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

	private final Conversations conversations;

	private final ModelRouter router;

	private final AllowedModels allowed;

	private final Usage usage;

	private final Budgets budgets;

	private final ReplyCache cache;

	private final ChatProperties properties;

	ChatService(Conversations conversations, ModelRouter router, AllowedModels allowed, Usage usage, Budgets budgets,
			ReplyCache cache, ChatProperties properties) {
		this.conversations = conversations;
		this.allowed = allowed;
		this.router = router;
		this.usage = usage;
		this.budgets = budgets;
		this.cache = cache;
		this.properties = properties;
	}

	/** Everything that can be refused is refused here, before the reply starts. */
	Turn prepare(Caller caller, @Nullable UUID sessionId, @Nullable String message, TurnOptions options) {
		String text = MessageBounds.checkMessage(message, this.properties);
		checkMaxTokens(options);
		Route route = route(caller, options);
		UUID session = (sessionId != null) ? sessionId : this.conversations.start(caller);
		List<ChatMessage> context = this.conversations.add(session, caller, new ChatMessage("user", text));
		return new Turn(caller, session, context, options, route);
	}

	/**
	 * Another answer to the conversation's last message, the previous one taken back:
	 * checked like a new message, before anything is taken back.
	 */
	Turn regenerate(Caller caller, UUID sessionId, TurnOptions options) {
		checkMaxTokens(options);
		Route route = route(caller, options);
		return new Turn(caller, sessionId, this.conversations.rewind(sessionId, caller), options, route);
	}

	/** Refuses what {@link #prepare} would refuse of the model and the budgets. */
	void checkRoute(Caller caller, TurnOptions options) {
		route(caller, options);
	}

	/** Refuses (404) a conversation the caller does not own. */
	void checkOwner(UUID sessionId, Caller caller) {
		this.conversations.checkOwner(sessionId, caller);
	}

	/**
	 * A stateless turn for the OpenAI-compatible API: the caller sends the whole
	 * conversation, checked against the same bounds and budget.
	 */
	Turn prepareStateless(Caller caller, List<ChatMessage> messages, TurnOptions options) {
		MessageBounds.checkConversation(messages, this.properties);
		checkMaxTokens(options);
		return new Turn(caller, null, List.copyOf(messages), options, route(caller, options));
	}

	/**
	 * The model asked for, if the caller may use it (404 alike for an unknown and a
	 * forbidden one), within the budgets.
	 */
	private Route route(Caller caller, TurnOptions options) {
		Route route = this.router.route(options.model(), caller.roles())
			.filter((found) -> this.allowed.permit(caller, found))
			.orElseThrow(() -> new BastionException(ErrorCode.MODEL_NOT_FOUND,
					"No model of this name is available to you; GET /v1/models lists those that are."));
		this.budgets.check(caller, route);
		return route;
	}

	private void checkMaxTokens(TurnOptions options) {
		options.parameters().checkAnswerLimit(this.properties.maxTokens());
	}

	/**
	 * Who is chatting: an account, or an anonymous address when REQUIRE_AUTH is false,
	 * with the roles that decide which models it may use (lower case; none when
	 * anonymous).
	 */
	record Caller(@Nullable UUID accountId, String owner, Set<String> roles) {

		/** An account's caller, for what needs only the owner. */
		static Caller account(UUID accountId) {
			return account(accountId, Set.of());
		}

		static Caller account(UUID accountId, Set<String> roles) {
			return new Caller(accountId, "account:" + accountId, roles);
		}

	}

	/** A checked turn, ready to be answered. */
	final class Turn {

		private final Caller caller;

		private final @Nullable UUID session;

		private final List<ChatMessage> context;

		private final TurnOptions options;

		private final Route route;

		Turn(Caller caller, @Nullable UUID session, List<ChatMessage> context, TurnOptions options, Route route) {
			this.caller = caller;
			this.session = session;
			String prompt = options.systemPrompt();
			this.context = ConversationPresets.withSystemPrompt(context,
					(prompt != null) ? prompt : Secret.revealed(ChatService.this.properties.systemPrompt()));
			this.options = options;
			this.route = route;
		}

		/** The conversation answered; null for a stateless turn. */
		@Nullable UUID session() {
			return this.session;
		}

		/**
		 * Serves a cached reply when there is one; otherwise asks the model's connections
		 * in order (a failed one hands over to the next unless it had already started
		 * answering) and caches the answer (not the offline provider's: it costs nothing,
		 * and a real model's answer should replace it once one is back).
		 */
		ChatReply answer(Consumer<String> pieces) {
			return answer((model, piece) -> pieces.accept(piece));
		}

		/**
		 * As {@link #answer(Consumer)}, naming with each piece the model that writes it
		 * (the one asked of the provider answering, or the one a cached reply came from).
		 */
		ChatReply answer(Pieces pieces) {
			Optional<String> key = this.options.cache() ? ChatService.this.cache.key(this.caller.owner(),
					this.route.model(), this.options.parameters(), this.context) : Optional.empty();
			Optional<ReplyCache.Entry> cached = key.flatMap(ChatService.this.cache::get);
			if (cached.isPresent()) {
				ReplyCache.Entry entry = cached.get();
				pieces.accept(entry.model(), entry.text());
				return record(null, entry.provider(), new Completion(entry.text(), entry.model(), 0, 0));
			}
			try (Budgets.Reservation reservation = ChatService.this.budgets.reserve(this.caller, this.route,
					this.context, this.options.parameters())) {
				return firstAnswer(key, pieces);
			}
		}

		/** The connections in order, until one answers. */
		private ChatReply firstAnswer(Optional<String> key, Pieces pieces) {
			boolean timedOut = false;
			for (ChatProvider provider : this.route.connections()) {
				AtomicBoolean started = new AtomicBoolean();
				try {
					Completion completion = ask(provider, started, pieces);
					if (!(provider instanceof OfflineProvider)) {
						key.ifPresent((k) -> ChatService.this.cache.put(k,
								new ReplyCache.Entry(completion.text(), provider.name(), completion.model(),
										completion.promptTokens(), completion.completionTokens())));
					}
					return record(provider, provider.name(), completion);
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
				String model = this.route.modelFor(provider);
				return provider.complete(model, this.context, this.options.parameters(), (piece) -> {
					started.set(true);
					sentChars.addAndGet(piece.length());
					pieces.accept(model, piece);
				});
			}
			catch (ReplyAbandoned | ProviderFailure ex) {
				if (started.get()) {
					chargeEstimate(provider, sentChars.get());
				}
				throw ex;
			}
		}

		/**
		 * Counts the tokens first (against the model asked of {@code answering}; nothing
		 * for a cached reply), so that nothing after the answer can leave them unpaid.
		 */
		private ChatReply record(@Nullable ChatProvider answering, String provider, Completion completion) {
			UUID accountId = this.caller.accountId();
			if (accountId != null && answering != null) {
				ChatService.this.usage.add(accountId, completion.totalTokens(), this.route.modelFor(answering),
						answering.name());
			}
			UUID session = this.session;
			if (session != null) {
				ChatService.this.conversations.reply(session, this.caller,
						new ChatMessage("assistant", completion.text()));
			}
			return new ChatReply(completion.text(), session, provider, completion.model(), answering == null,
					new ChatReply.TokenUsage(completion.promptTokens(), completion.completionTokens(),
							completion.totalTokens()));
		}

		/**
		 * For an answer cut short, whose token counts never arrived: the prompt and what
		 * was handed on, at about four characters a token.
		 */
		private void chargeEstimate(ChatProvider provider, long sentChars) {
			UUID accountId = this.caller.accountId();
			if (accountId != null) {
				long promptChars = this.context.stream().mapToLong((message) -> message.text().length()).sum();
				ChatService.this.usage.add(accountId, Completion.estimatedTokens(promptChars + sentChars),
						this.route.modelFor(provider), provider.name());
			}
		}

	}

}
