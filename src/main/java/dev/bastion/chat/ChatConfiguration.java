package dev.bastion.chat;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.bastion.chat.provider.ChatProvider;
import dev.bastion.chat.provider.OfflineProvider;
import dev.bastion.system.InsecureConfigurationException;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatProperties.class)
class ChatConfiguration {

	@Bean
	Conversations conversations(ChatProperties properties) {
		return new Conversations(properties);
	}

	/**
	 * The providers of PROVIDER_ORDER, in order. This version has the built-in one only.
	 */
	@Bean
	List<ChatProvider> chatProviders(ChatProperties properties) {
		for (String name : properties.providerOrder()) {
			if (!name.strip().equals(OfflineProvider.NAME)) {
				throw new InsecureConfigurationException("PROVIDER_ORDER",
						"names a provider this version does not have yet", "Use PROVIDER_ORDER=offline.");
			}
		}
		return List.of(new OfflineProvider());
	}

}
