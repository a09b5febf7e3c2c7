package dev.bastion.chat;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Chat settings.
 *
 * @param requireAuth whether chatting needs a login ({@code REQUIRE_AUTH}, true); when
 * false, anonymous callers may chat, limited per address
 * @param maxMessageChars the longest message accepted ({@code CHAT_MAX_MESSAGE_CHARS},
 * 8000)
 * @param maxContextMessages how many recent messages are sent to the model
 * ({@code CHAT_MAX_CONTEXT_MESSAGES}, 20)
 * @param maxContextChars how many characters of recent messages are sent to the model
 * ({@code CHAT_MAX_CONTEXT_CHARS}, 32000)
 * @param dailyTokenBudget tokens a user may spend per UTC day
 * ({@code CHAT_DAILY_TOKEN_BUDGET}, 100000)
 * @param sessionIdle how long an unused conversation is kept in memory
 * ({@code CHAT_SESSION_IDLE}, 1h)
 * @param providerOrder the providers to try, in order ({@code PROVIDER_ORDER}); empty
 * means {@code openai} when {@code OPENAI_API_KEY} is set, then {@code offline}
 * @param openaiApiKey key of the OpenAI-compatible server ({@code OPENAI_API_KEY})
 * @param openaiBaseUrl its address ({@code OPENAI_BASE_URL}, OpenAI's)
 * @param openaiModel the model to ask for ({@code OPENAI_MODEL}, gpt-4o-mini)
 * @param providerTimeout how long a provider may take for a whole answer
 * ({@code PROVIDER_TIMEOUT}, 60s)
 */
@ConfigurationProperties("bastion.chat")
record ChatProperties(boolean requireAuth, int maxMessageChars, int maxContextMessages, int maxContextChars,
		long dailyTokenBudget, Duration sessionIdle, List<String> providerOrder, String openaiApiKey,
		String openaiBaseUrl, String openaiModel, Duration providerTimeout) {

	@Override
	public String toString() {
		return "ChatProperties[providerOrder=" + this.providerOrder + ", openaiApiKey=<redacted>]";
	}

}
