package dev.bastion.system;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretProperties.class)
class SystemConfiguration {

	@Bean
	MasterSecret masterSecret(SecretProperties properties) {
		return MasterSecret.of(properties);
	}

	@Bean
	Secrets secrets(MasterSecret masterSecret) {
		return new Secrets(masterSecret);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
