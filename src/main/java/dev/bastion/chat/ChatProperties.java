package dev.bastion.chat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

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
 * @param openaiModel the model to ask for when none is chosen ({@code OPENAI_MODEL},
 * gpt-4o-mini)
 * @param openaiModels the other models it offers ({@code OPENAI_MODELS},
 * comma-separated), or {@code auto} to ask the server
 * @param modelsFile a YAML file of further connections, aliases and model rules
 * ({@code MODELS_FILE}); none when blank
 * @param providerTimeout how long a provider may take for a whole answer
 * ({@code PROVIDER_TIMEOUT}, 60s)
 * @param circuitOpenFor how long a provider whose circuit opened is left alone before it
 * is tried again ({@code PROVIDER_CIRCUIT_OPEN_FOR}, 30s)
 * @param maxTokens the largest {@code max_tokens} a caller may ask for
 * ({@code CHAT_MAX_TOKENS}, 4096)
 * @param gemini the Gemini provider
 * @param cache the reply cache
 * @param history whether and how conversations are kept
 * @param memoryMaxChars how many characters the conversations kept in memory may hold in
 * all ({@code CHAT_MEMORY_MAX_CHARS}); each counts 500 more for itself. 0, the default,
 * means a sixteenth of the JVM's largest heap, so that at two bytes a character they
 * never take more than an eighth of it (12.6 million with the image's 192 MiB)
 * @param systemPrompt the server-wide default system prompt ({@code CHAT_SYSTEM_PROMPT},
 * or {@code _FILE}), sent first to the model unless the conversation brings its own;
 * empty for none
 */
@ConfigurationProperties("bastion.chat")
record ChatProperties(boolean requireAuth, int maxMessageChars, int maxContextMessages, int maxContextChars,
		long dailyTokenBudget, Duration sessionIdle, List<String> providerOrder, String openaiApiKey,
		String openaiBaseUrl, String openaiModel, String openaiModels, String modelsFile, Duration providerTimeout,
		Duration circuitOpenFor, int maxTokens, Gemini gemini, Cache cache, History history, long memoryMaxChars,
		@Nullable String systemPrompt) {

	ChatProperties {
		if (memoryMaxChars == 0) {
			memoryMaxChars = Runtime.getRuntime().maxMemory() / 16;
		}
		systemPrompt = (systemPrompt != null) ? systemPrompt.strip() : "";
	}

	@Override
	public String toString() {
		return "ChatProperties[providerOrder=" + this.providerOrder + ", openaiApiKey=<redacted>]";
	}

	/**
	 * Google's Gemini API.
	 *
	 * @param apiKey its key ({@code GEMINI_API_KEY})
	 * @param model the model to ask for ({@code GEMINI_MODEL}, gemini-2.5-flash)
	 * @param baseUrl its address ({@code GEMINI_BASE_URL}, Google's)
	 * @param models the other models it offers ({@code GEMINI_MODELS}, comma-separated),
	 * or {@code auto}
	 */
	record Gemini(String apiKey, String model, String baseUrl, String models) {

		@Override
		public String toString() {
			return "Gemini[model=" + this.model + ", apiKey=<redacted>]";
		}

	}

	/**
	 * Replies to identical prompts, per user.
	 *
	 * @param enabled whether replies are cached ({@code CHAT_CACHE_ENABLED}, true)
	 * @param ttl how long a reply is reused ({@code CHAT_CACHE_TTL}, 1h)
	 * @param maxEntries how many replies are kept at most
	 * ({@code CHAT_CACHE_MAX_ENTRIES}, 10000)
	 */
	record Cache(boolean enabled, Duration ttl, long maxEntries) {
	}

	/**
	 * Conversation history.
	 *
	 * @param mode {@code off} (context only in memory) or {@code encrypted}
	 * ({@code CHAT_HISTORY})
	 * @param key the key messages are encrypted with ({@code CHAT_HISTORY_KEY}, at least
	 * 32 characters; required with {@code encrypted})
	 * @param previousKeys keys that sealed history before {@code key} and are still
	 * accepted for reading until a rotation has re-encrypted it
	 * ({@code CHAT_HISTORY_PREVIOUS_KEYS}, comma- or line-separated)
	 * @param retention how long a stored conversation is kept after its last message
	 * ({@code CHAT_HISTORY_RETENTION}); null keeps it until its owner deletes it
	 * @param purgeInterval how often conversations past {@code retention} are deleted
	 */
	record History(String mode, String key, String previousKeys, @Nullable Duration retention, Duration purgeInterval) {

		boolean encrypted() {
			return "encrypted".equals(this.mode);
		}

		/** The previous keys, one per comma or line, blanks ignored. */
		List<String> previous() {
			return Arrays.stream(this.previousKeys.split("[,\\r\\n]+"))
				.map(String::strip)
				.filter((key) -> !key.isEmpty())
				.toList();
		}

		@Override
		public String toString() {
			return "History[mode=" + this.mode + ", key=<redacted>, retention=" + this.retention + "]";
		}

	}

}
