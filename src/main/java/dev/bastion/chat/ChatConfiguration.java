package dev.bastion.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.bastion.chat.provider.ChatProvider;
import dev.bastion.chat.provider.OfflineProvider;
import dev.bastion.chat.provider.OpenAiProvider;
import dev.bastion.chat.provider.ResilientProvider;
import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.system.SecurityEvent;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatProperties.class)
class ChatConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ChatConfiguration.class);

	/** How long a failing provider is left alone before it is tried again. */
	static final Duration CIRCUIT_OPEN_FOR = Duration.ofSeconds(30);

	@Bean
	Conversations conversations(ChatProperties properties) {
		return new Conversations(properties);
	}

	/**
	 * The providers of PROVIDER_ORDER, in order. A provider without its key is refused in
	 * production and skipped, with a warning, in development.
	 */
	@Bean
	List<ChatProvider> chatProviders(ChatProperties properties, Environment environment,
			ApplicationEventPublisher events) {
		boolean openAiKey = !properties.openaiApiKey().isBlank();
		List<String> order = properties.providerOrder().isEmpty()
				? (openAiKey ? List.of(OpenAiProvider.NAME, OfflineProvider.NAME) : List.of(OfflineProvider.NAME))
				: properties.providerOrder().stream().map(String::strip).toList();
		List<ChatProvider> providers = new ArrayList<>();
		for (String name : order) {
			switch (name) {
				case OfflineProvider.NAME -> providers.add(new OfflineProvider());
				case OpenAiProvider.NAME -> {
					if (openAiKey) {
						providers.add(
								opened(new ResilientProvider(
										new OpenAiProvider(properties.openaiBaseUrl(), properties.openaiApiKey(),
												properties.openaiModel(), properties.providerTimeout()),
										CIRCUIT_OPEN_FOR), events));
					}
					else if (environment.matchesProfiles("production")) {
						throw new InsecureConfigurationException("OPENAI_API_KEY",
								"is empty while PROVIDER_ORDER names openai",
								"Set OPENAI_API_KEY (any value for servers without keys, such as Ollama), or remove openai.");
					}
					else {
						logger.warn("PROVIDER_ORDER names openai but OPENAI_API_KEY is empty: skipping it");
					}
				}
				default -> throw new InsecureConfigurationException("PROVIDER_ORDER",
						"names a provider this version does not have", "Use openai and offline.");
			}
		}
		return providers.isEmpty() ? List.of(new OfflineProvider()) : List.copyOf(providers);
	}

	/** A circuit that opens is an operations event: a provider keeps failing. */
	private static ResilientProvider opened(ResilientProvider provider, ApplicationEventPublisher events) {
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
