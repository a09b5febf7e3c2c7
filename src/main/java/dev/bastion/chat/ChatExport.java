package dev.bastion.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.bastion.account.ExportContributor;

/**
 * The chat part of a user's data export: stored conversations with their messages,
 * decrypted for their owner (none when history is off), and today's usage.
 */
@Component
class ChatExport implements ExportContributor {

	private final Conversations conversations;

	private final ChatProperties properties;

	private final Usage usage;

	ChatExport(Conversations conversations, ChatProperties properties, Usage usage) {
		this.conversations = conversations;
		this.properties = properties;
		this.usage = usage;
	}

	@Override
	public String section() {
		return "chat";
	}

	@Override
	public Object export(UUID accountId) {
		List<Map<String, Object>> stored = new ArrayList<>();
		if (this.properties.history().encrypted()) {
			for (Conversations.Summary summary : this.conversations.all(accountId)) {
				Map<String, Object> conversation = new LinkedHashMap<>();
				conversation.put("session_id", summary.sessionId());
				conversation.put("created_at", summary.createdAt());
				conversation.put("title", summary.title());
				Conversations.Transcript transcript = this.conversations.messages(summary.sessionId(), accountId);
				conversation.put("messages", transcript.messages());
				conversation.put("unreadable", transcript.unreadable());
				stored.add(conversation);
			}
		}
		Usage.Today today = this.usage.today(accountId);
		return Map.of("history", this.properties.history().mode().value(), "conversations", stored, "usage_today",
				Map.of("tokens", today.tokens(), "requests", today.requests()));
	}

}
