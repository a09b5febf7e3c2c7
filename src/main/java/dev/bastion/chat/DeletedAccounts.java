package dev.bastion.chat;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.bastion.account.AccountDeleted;
import dev.bastion.chat.ChatService.Caller;

/**
 * A deleted account leaves nothing in the chat module's memory: its cached replies and
 * in-memory conversations go at once, not when they would have expired. (Stored history
 * goes with the account's rows.)
 */
@Component
class DeletedAccounts {

	private final ReplyCache cache;

	private final Conversations conversations;

	DeletedAccounts(ReplyCache cache, Conversations conversations) {
		this.cache = cache;
		this.conversations = conversations;
	}

	@EventListener
	void on(AccountDeleted deleted) {
		String owner = Caller.account(deleted.accountId()).owner();
		this.cache.forget(owner);
		this.conversations.forget(owner);
	}

}
