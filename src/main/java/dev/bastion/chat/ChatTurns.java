package dev.bastion.chat;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import dev.bastion.chat.provider.Completion;

/**
 * Chat for the modules that turn something else into a message (voice): the same caller,
 * budget, ownership and answer as {@code POST /api/v1/chat}.
 */
@Component
public final class ChatTurns {

	private final ChatService chat;

	private final Usage usage;

	ChatTurns(ChatService chat, Usage usage) {
		this.chat = chat;
		this.usage = usage;
	}

	/** Who asks: the account, or for anonymous chat the client's address. */
	public Asker asker(@Nullable Authentication authentication, HttpServletRequest request) {
		return new Asker(ChatController.caller(authentication, request));
	}

	/**
	 * Refuses, as a turn of the default model would be refused, a caller who may not ask
	 * it (404) or whose budget on it is spent (429): before anything is paid for.
	 */
	public void checkMayAsk(Asker asker) {
		this.chat.checkRoute(asker.caller, TurnOptions.DEFAULT);
	}

	/**
	 * Charges a transcription to the caller's day, as {@code model}'s tokens: the
	 * transcript's, at about four characters a token. Charged as soon as it is paid for,
	 * even if the transcript is then refused.
	 */
	public void chargeTranscription(Asker asker, String model, String transcript) {
		UUID accountId = asker.caller.accountId();
		if (accountId != null) {
			this.usage.add(accountId, Completion.estimatedTokens(transcript.length()), model, "openai");
		}
	}

	/** Refuses (404) a conversation the caller does not own. */
	public void checkOwner(UUID sessionId, Asker asker) {
		this.chat.checkOwner(sessionId, asker.caller);
	}

	/** Answers a message, in a new conversation unless {@code sessionId} is given. */
	public Answer answer(Asker asker, @Nullable UUID sessionId, String message) {
		ChatReply reply = this.chat.prepare(asker.caller, sessionId, message, TurnOptions.DEFAULT).answer((piece) -> {
		});
		return new Answer(reply.reply(), reply.sessionId(), reply.provider(), reply.model());
	}

	/** Who asks, as chat knows them. */
	public static final class Asker {

		private final ChatService.Caller caller;

		private Asker(ChatService.Caller caller) {
			this.caller = caller;
		}

	}

	/** An answer. Its text is never logged. */
	public record Answer(String reply, @Nullable UUID sessionId, String provider, String model) {

		@Override
		public String toString() {
			return "Answer[provider=" + this.provider + "]";
		}

	}

}
