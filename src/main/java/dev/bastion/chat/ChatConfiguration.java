package dev.bastion.chat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.chat.provider.ChatProvider;
import dev.bastion.chat.provider.OfflineProvider;
import dev.bastion.chat.provider.ModelProvider;
import dev.bastion.chat.provider.ResilientProvider;
import dev.bastion.sharedstate.SharedState;
import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.crypto.Secrets;
import dev.bastion.audit.SecurityEvent;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatProperties.class)
class ChatConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ChatConfiguration.class);

	private static final int MIN_HISTORY_KEY_CHARS = 32;

	private static final int MIN_MEMORY_CONVERSATIONS = 10;

	@Bean
	Conversations conversations(ChatProperties properties, JdbcClient jdbc, Clock clock,
			ApplicationEventPublisher events) {
		if (properties.memoryMaxChars() < MIN_MEMORY_CONVERSATIONS * (long) properties.maxContextChars()) {
			throw new InsecureConfigurationException("CHAT_MEMORY_MAX_CHARS",
					"holds fewer than " + MIN_MEMORY_CONVERSATIONS + " conversations of CHAT_MAX_CONTEXT_CHARS",
					"Raise CHAT_MEMORY_MAX_CHARS (default 50000000) or lower CHAT_MAX_CONTEXT_CHARS.");
		}
		MemoryConversations memory = new MemoryConversations(properties);
		ChatProperties.History history = properties.history();
		if (!history.mode().equals("off") && !history.encrypted()) {
			throw new InsecureConfigurationException("CHAT_HISTORY", "is neither off nor encrypted",
					"Set CHAT_HISTORY to off (the default) or encrypted.");
		}
		checkPreviousKeys(history);
		Duration retention = history.retention();
		if (retention != null && retention.compareTo(Duration.ofHours(1)) < 0) {
			throw new InsecureConfigurationException("CHAT_HISTORY_RETENTION", "is shorter than 1h",
					"Give how long a conversation is kept after its last message, e.g. 90d, or leave it unset to keep "
							+ "conversations until their owners delete them.");
		}
		if (!history.encrypted()) {
			return memory;
		}
		if (history.key().strip().length() < MIN_HISTORY_KEY_CHARS) {
			throw new InsecureConfigurationException("CHAT_HISTORY_KEY",
					"is missing or shorter than " + MIN_HISTORY_KEY_CHARS + " characters while CHAT_HISTORY=encrypted",
					"Set CHAT_HISTORY_KEY (or CHAT_HISTORY_KEY_FILE) to a random secret, e.g. `openssl rand -base64 48`.");
		}
		return new EncryptedConversations(jdbc, historyCipher(history), memory, clock, properties, events);
	}

	/** The current key seals, the previous ones are accepted for reading. */
	static HistoryCipher historyCipher(ChatProperties.History history) {
		return new HistoryCipher(new HistoryKeys(history.key().strip(), history.previous()));
	}

	private static void checkPreviousKeys(ChatProperties.History history) {
		for (String previous : history.previous()) {
			if (previous.length() < MIN_HISTORY_KEY_CHARS) {
				throw new InsecureConfigurationException("CHAT_HISTORY_PREVIOUS_KEYS",
						"holds a key shorter than " + MIN_HISTORY_KEY_CHARS + " characters",
						"List the earlier CHAT_HISTORY_KEY values exactly as they were, separated by commas.");
			}
		}
		if (!history.previous().isEmpty() && history.key().isBlank()) {
			throw new InsecureConfigurationException("CHAT_HISTORY_PREVIOUS_KEYS", "is set without CHAT_HISTORY_KEY",
					"Set CHAT_HISTORY_KEY to the new key; the previous keys are only read.");
		}
	}

	@Bean
	ReplyCache replyCache(ChatProperties properties, SharedState shared, Secrets secrets,
			ObjectProvider<MeterRegistry> registry) {
		ReplyCache cache = new ReplyCache(properties.cache(), shared, secrets);
		registry.ifAvailable(cache::bindTo);
		return cache;
	}

	/**
	 * The providers of PROVIDER_ORDER, in order. A provider without its key is refused in
	 * production and skipped, with a warning, in development.
	 */
	@Bean
	List<ChatProvider> chatProviders(ChatProperties properties, Environment environment,
			ApplicationEventPublisher events) {
		boolean openAiKey = !properties.openaiApiKey().isBlank();
		boolean geminiKey = !properties.gemini().apiKey().isBlank();
		List<String> order = properties.providerOrder().stream().map(String::strip).toList();
		if (order.isEmpty()) {
			order = new ArrayList<>();
			if (openAiKey) {
				order.add(ModelProvider.OPENAI);
			}
			if (geminiKey) {
				order.add(ModelProvider.GEMINI);
			}
			order.add(OfflineProvider.NAME);
		}
		List<ChatProvider> providers = new ArrayList<>();
		for (String name : order) {
			switch (name) {
				case OfflineProvider.NAME -> providers.add(new OfflineProvider());
				case ModelProvider.OPENAI -> {
					if (keyed(openAiKey, "OPENAI_API_KEY", name, environment)) {
						providers.add(resilient(
								ModelProvider.openAi(properties.openaiBaseUrl(), properties.openaiApiKey(),
										properties.openaiModel(), properties.providerTimeout()),
								properties.circuitOpenFor(), events));
					}
				}
				case ModelProvider.GEMINI -> {
					ChatProperties.Gemini gemini = properties.gemini();
					if (keyed(geminiKey, "GEMINI_API_KEY", name, environment)) {
						providers.add(resilient(ModelProvider.gemini(gemini.baseUrl(), gemini.apiKey(), gemini.model(),
								properties.providerTimeout()), properties.circuitOpenFor(), events));
					}
				}
				default -> throw new InsecureConfigurationException("PROVIDER_ORDER",
						"names a provider this version does not have", "Use openai, gemini and offline.");
			}
		}
		return providers.isEmpty() ? List.of(new OfflineProvider()) : List.copyOf(providers);
	}

	/** Whether a named provider has its key: refused in production, skipped otherwise. */
	private static boolean keyed(boolean hasKey, String variable, String provider, Environment environment) {
		if (hasKey) {
			return true;
		}
		if (environment.matchesProfiles("production")) {
			throw new InsecureConfigurationException(variable, "is empty while PROVIDER_ORDER names " + provider,
					"Set " + variable + " (any value for local servers without keys, such as Ollama), or remove "
							+ provider + " from PROVIDER_ORDER.");
		}
		logger.warn("PROVIDER_ORDER names {} but {} is empty: skipping it", provider, variable);
		return false;
	}

	/** A circuit that opens is an operations event: a provider keeps failing. */
	private static ResilientProvider resilient(ChatProvider model, Duration openFor, ApplicationEventPublisher events) {
		ResilientProvider provider = new ResilientProvider(model, openFor);
		provider.circuitBreaker().getEventPublisher().onStateTransition((transition) -> {
			if (transition.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
				events.publishEvent(new ProviderCircuitOpened(provider.name()));
			}
		});
		return provider;
	}

	/** A provider's circuit opened after repeated failures. */
	record ProviderCircuitOpened(String provider) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.WARNING;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("provider", this.provider);
		}

	}

}
