package dev.bastion.chat;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Chat for the modules that turn something else into a message (voice): the same caller,
 * budget, ownership and answer as {@code POST /api/v1/chat}.
 */
@Component
public final class ChatTurns {

	private final ChatService chat;

	private final Budgets budgets;

	ChatTurns(ChatService chat, Budgets budgets) {
		this.chat = chat;
		this.budgets = budgets;
	}

	/** Who asks: the account, or for anonymous chat the client's address. */
	public Asker asker(@Nullable Authentication authentication, HttpServletRequest request) {
		return new Asker(ChatController.caller(authentication, request));
	}

	/** Refuses (429) a caller whose daily token budget is spent. */
	public void checkBudget(Asker asker) {
		this.budgets.check(asker.caller, null);
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
