package dev.bastion.chat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.bastion.system.Secret;

/**
 * Chat settings.
 *
 * @param maxMessageChars Longest message accepted; at least 1.
 * @param maxContextMessages How many recent messages of a conversation are sent to the
 * model; at least 1.
 * @param maxContextChars How many characters of recent messages are sent to the model; at
 * least 1.
 * @param dailyTokenBudget Tokens a user may spend per UTC day ({@code 429} when spent),
 * unless an administrator gave the account a budget of its own. {@code 0}: only accounts
 * with a budget of their own may chat. Negative is refused.
 * @param sessionIdle How long an unused conversation stays in memory; at least 1 ms.
 * @param providerOrder Model connections in order ({@code openai}, {@code gemini}, {@code
 * offline} and the names of {@code MODELS_FILE}'s connections; a file's connection it
 * does not name comes after those it names). A model offered by several connections falls
 * back along this order among those only. An unknown name is refused at start-up, and so
 * is a named environment connection without its key in production (development skips it
 * with a warning). See [Models and connections](chat.md#models-and-connections).
 * @param openaiApiKey Key of the first connection, {@code openai}: an OpenAI-compatible
 * server (see [Models and connections](chat.md#models-and-connections)). For servers
 * without keys (Ollama) use any value. May come from {@code OPENAI_API_KEY_FILE}.
 * @param openaiBaseUrl Address of the {@code openai} connection. A base URL that is not
 * an absolute {@code http(s)} URL is refused at start-up.
 * @param openaiModel The model of the {@code openai} connection asked for when a request
 * names none; always offered.
 * @param openaiModels The other models the {@code openai} connection offers,
 * comma-separated, or {@code auto} to ask the server's {@code /models} at start-up
 * (Bastion refuses to start if it cannot) and on {@code POST
 * /api/v1/admin/models/refresh}. {@code OPENAI_MODEL} is always offered.
 * @param modelsFile A mounted YAML file of further connections (OpenAI-compatible or
 * Gemini, each with its key, base URL and models), aliases ({@code fast}, {@code smart}),
 * the roles that may use a model, a model's daily token budget per user and the default
 * model; see [Models and connections](chat.md#models-and-connections). Read strictly at
 * start-up: an unknown key, a duplicate name, a bad URL or an alias to a model no
 * connection offers is refused.
 * @param providerTimeout Longest a provider may take for a whole answer (or a
 * transcription); at least 1 ms.
 * @param circuitOpenFor How long a provider whose circuit opened is skipped before one
 * call is let through to test it; at least 1 ms.
 * @param maxTokens Largest {@code max_tokens} a request may ask for ({@code 400} above
 * it); at least 1.
 * @param gemini the Gemini provider
 * @param cache the reply cache
 * @param history whether and how conversations are kept
 * @param memoryMaxChars Characters that all conversations kept in memory may hold
 * together (each also counts 500 for itself); beyond it the conversation used longest ago
 * is forgotten first. {@code 0} means a sixteenth of the JVM's largest heap (12.6 million
 * with the image's {@code -Xmx192m}): at two bytes a character, an eighth of the heap at
 * most. A fixed value must fit the heap: the former default of 50 million (up to 100 MB)
 * made a 192 MiB heap run out in {@code bench/soak.sh}. Fewer than ten conversations of
 * {@code CHAT_MAX_CONTEXT_CHARS}, or negative: refused at start-up.
 * @param systemPrompt The server-wide default system prompt: sent to the model before
 * every conversation that does not bring its own system message (a client of {@code
 * /v1/chat/completions} that sends one replaces it); trimmed; never stored with a
 * conversation. Longer than {@code CHAT_MAX_CONTEXT_CHARS}: refused at start-up. May come
 * from {@code CHAT_SYSTEM_PROMPT_FILE}.
 */
@ConfigurationProperties("bastion.chat")
@Validated
public record ChatProperties(@DefaultValue("8000") @Positive int maxMessageChars,
		@DefaultValue("20") @Positive int maxContextMessages, @DefaultValue("32000") @Positive int maxContextChars,
		@DefaultValue("100000") @PositiveOrZero long dailyTokenBudget,
		@DefaultValue("1h") @DurationMin(millis = 1) Duration sessionIdle, @DefaultValue List<String> providerOrder,
		@DefaultValue("") Secret openaiApiKey, @DefaultValue("https://api.openai.com/v1") String openaiBaseUrl,
		@DefaultValue("gpt-4o-mini") String openaiModel, @DefaultValue("") String openaiModels,
		@DefaultValue("") String modelsFile, @DefaultValue("60s") @DurationMin(millis = 1) Duration providerTimeout,
		@DefaultValue("30s") @DurationMin(millis = 1) Duration circuitOpenFor,
		@DefaultValue("4096") @Positive int maxTokens, @DefaultValue @Valid Gemini gemini,
		@DefaultValue @Valid Cache cache, @DefaultValue @Valid History history,
		@DefaultValue("0") @PositiveOrZero long memoryMaxChars, @Nullable Secret systemPrompt) {

	/** {@code off} or {@code encrypted}, as {@code CHAT_HISTORY} writes it. */
	public String historyMode() {
		return this.history.mode().value();
	}

	/** How often stored conversations past their retention are deleted. */
	static final String DEFAULT_PURGE_INTERVAL = "1h";

	public ChatProperties {
		providerOrder = List.copyOf(providerOrder);
		if (memoryMaxChars == 0) {
			memoryMaxChars = Runtime.getRuntime().maxMemory() / 16;
		}
		systemPrompt = Secret.of((systemPrompt != null) ? systemPrompt.reveal().strip() : "");
	}

	/**
	 * Google's Gemini API.
	 *
	 * @param apiKey Key of the {@code gemini} connection: Google's Gemini API. May come
	 * from {@code GEMINI_API_KEY_FILE}.
	 * @param model The model of the {@code gemini} connection; always offered.
	 * @param baseUrl Address of the {@code gemini} connection.
	 * @param models As {@code OPENAI_MODELS}, for the {@code gemini} connection.
	 */
	record Gemini(@DefaultValue("") Secret apiKey, @DefaultValue("gemini-2.5-flash") String model,
			@DefaultValue("https://generativelanguage.googleapis.com/v1beta") String baseUrl,
			@DefaultValue("") String models) {
	}

	/**
	 * Replies to identical prompts, per user.
	 *
	 * @param enabled Whether the [reply cache](chat.md#reply-cache) is on.
	 * @param ttl How long a cached reply is reused; at least 1 ms.
	 * @param maxEntries How many replies the cache keeps; at least 1.
	 */
	record Cache(@DefaultValue("true") boolean enabled, @DefaultValue("1h") @DurationMin(millis = 1) Duration ttl,
			@DefaultValue("10000") @Positive long maxEntries) {
	}

	/**
	 * Conversation history.
	 *
	 * @param mode {@code off}: conversations live only in memory. {@code encrypted}:
	 * stored in the database, AES-GCM encrypted (see [History](chat.md#history)).
	 * Anything else is refused.
	 * @param key Key of the stored history, at least 32 characters (e.g.
	 * {@code openssl rand
	 * -base64 48}); required with {@code CHAT_HISTORY=encrypted}, or Bastion refuses to
	 * start. Keep it apart from {@code SECRET_KEY}; losing it makes the stored history
	 * unreadable. May come from {@code CHAT_HISTORY_KEY_FILE}.
	 * @param previousKeys Earlier values of {@code CHAT_HISTORY_KEY}, comma- or
	 * line-separated, each at least 32 characters: still accepted for reading stored
	 * history while {@code admin rotate-history-key} re-encrypts it to
	 * {@code CHAT_HISTORY_KEY} (see [key
	 * rotation](operations.md#chat-history-retention-and-key-rotation)); set without
	 * {@code CHAT_HISTORY_KEY} it is refused. May come from {@code
	 * CHAT_HISTORY_PREVIOUS_KEYS_FILE}.
	 * @param retention Stored conversations whose last message is older than this (e.g.
	 * {@code 90d}) are deleted, with their messages, by an hourly purge, also with {@code
	 * CHAT_HISTORY=off} for what was stored before. Shorter than {@code 1h} is refused.
	 * @param purgeInterval how often conversations past {@code retention} are deleted; at
	 * least 1 ms
	 */
	record History(@DefaultValue("off") HistoryMode mode, @DefaultValue("") Secret key,
			@DefaultValue("") Secret previousKeys, @Nullable Duration retention,
			@DefaultValue(DEFAULT_PURGE_INTERVAL) @DurationMin(millis = 1) Duration purgeInterval) {

		boolean encrypted() {
			return this.mode == HistoryMode.ENCRYPTED;
		}

		/** The previous keys, one per comma or line, blanks ignored. */
		List<String> previous() {
			return Arrays.stream(this.previousKeys.reveal().split("[,\\r\\n]+"))
				.map(String::strip)
				.filter((key) -> !key.isEmpty())
				.toList();
		}

	}

}
