package dev.bastion.chat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.jackson.autoconfigure.JacksonProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.audit.SecurityEvent;
import dev.bastion.chat.provider.ChatProvider;
import dev.bastion.chat.provider.ModelRouter;
import dev.bastion.chat.provider.ResilientProvider;
import dev.bastion.crypto.Secrets;
import dev.bastion.sharedstate.SharedState;
import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.system.Secret;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ChatProperties.class, PresetProperties.class })
class ChatConfiguration {

	@Bean
	@ConfigurationPropertiesBinding
	static HistoryMode.FromSetting historyModeFromSetting() {
		return new HistoryMode.FromSetting();
	}

	@Bean
	static ChatJsonBounds chatJsonBounds(JacksonProperties jackson, ChatProperties chat) {
		return new ChatJsonBounds(jackson, chat);
	}

	static final int MIN_HISTORY_KEY_CHARS = 32;

	private static final int MIN_MEMORY_CONVERSATIONS = 10;

	@Bean
	Conversations conversations(ChatProperties properties, JdbcClient jdbc, Clock clock,
			ApplicationEventPublisher events) {
		if (properties.memoryMaxChars() < MIN_MEMORY_CONVERSATIONS * (long) properties.maxContextChars()) {
			throw new InsecureConfigurationException("CHAT_MEMORY_MAX_CHARS",
					"holds fewer than " + MIN_MEMORY_CONVERSATIONS + " conversations of CHAT_MAX_CONTEXT_CHARS",
					"Raise CHAT_MEMORY_MAX_CHARS (or the heap, -Xmx, which sets its default) or lower CHAT_MAX_CONTEXT_CHARS.");
		}
		Secret prompt = properties.systemPrompt();
		if (prompt != null && prompt.reveal().length() > properties.maxContextChars()) {
			throw new InsecureConfigurationException("CHAT_SYSTEM_PROMPT", "is longer than CHAT_MAX_CONTEXT_CHARS",
					"Shorten the system prompt or raise CHAT_MAX_CONTEXT_CHARS.");
		}
		MemoryConversations memory = new MemoryConversations(properties);
		ChatProperties.History history = properties.history();
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
		if (!longEnough(history.key().reveal())) {
			throw new InsecureConfigurationException("CHAT_HISTORY_KEY",
					"is missing or shorter than " + MIN_HISTORY_KEY_CHARS + " characters while CHAT_HISTORY=encrypted",
					"Set CHAT_HISTORY_KEY (or CHAT_HISTORY_KEY_FILE) to a random secret, e.g. `openssl rand -base64 48`.");
		}
		return new EncryptedConversations(jdbc, historyCipher(history), memory, clock, properties, events);
	}

	/** Whether a history key, current or previous, is long enough to be one. */
	static boolean longEnough(String key) {
		return key.strip().length() >= MIN_HISTORY_KEY_CHARS;
	}

	/** The current key seals, the previous ones are accepted for reading. */
	static HistoryCipher historyCipher(ChatProperties.History history) {
		return new HistoryCipher(new HistoryKeys(history.key().reveal().strip(), history.previous()));
	}

	private static void checkPreviousKeys(ChatProperties.History history) {
		for (String previous : history.previous()) {
			if (!longEnough(previous)) {
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
	 * The model connections and which answers what (see {@link ModelConnections}), each
	 * connection behind its own circuit breaker.
	 */
	@Bean
	ModelRouter modelRouter(ChatProperties properties, Environment environment, ApplicationEventPublisher events,
			ObjectProvider<MeterRegistry> registry) {
		MeterRegistry meters = registry.getIfAvailable();
		return ModelConnections.router(properties, environment,
				(connection) -> resilient((meters != null) ? new MeasuredProvider(connection, meters) : connection,
						properties.circuitOpenFor(), events));
	}

	/** Each connection's circuit breaker: its state, calls and failure rate. */
	@Bean
	MeterBinder circuitBreakerMetrics(ModelRouter router) {
		List<CircuitBreaker> breakers = router.connections()
			.stream()
			.filter(ResilientProvider.class::isInstance)
			.map((connection) -> ((ResilientProvider) connection).circuitBreaker())
			.toList();
		return (registry) -> breakers.forEach(new TaggedCircuitBreakerMetricsPublisher(registry)::publishMetrics);
	}

	/** Every connection, in order: what health and {@code doctor} report on. */
	@Bean
	List<ChatProvider> chatProviders(ModelRouter router) {
		return router.connections();
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
