package dev.bastion.chat;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.bastion.chat.provider.ChatProvider;
import dev.bastion.chat.provider.OfflineProvider;
import dev.bastion.chat.provider.OpenAiProvider;
import dev.bastion.system.InsecureConfigurationException;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatProperties.class)
class ChatConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ChatConfiguration.class);

	@Bean
	Conversations conversations(ChatProperties properties) {
		return new Conversations(properties);
	}

	/**
	 * The providers of PROVIDER_ORDER, in order. A provider without its key is refused in
	 * production and skipped, with a warning, in development.
	 */
	@Bean
	List<ChatProvider> chatProviders(ChatProperties properties, Environment environment) {
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
						providers.add(new OpenAiProvider(properties.openaiBaseUrl(), properties.openaiApiKey(),
								properties.openaiModel(), properties.providerTimeout()));
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

}
