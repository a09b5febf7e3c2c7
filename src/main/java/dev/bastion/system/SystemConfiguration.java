package dev.bastion.system;

import java.time.Clock;
import java.time.Duration;

import org.flywaydb.core.api.migration.JavaMigration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
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

	/** Migration V8, with the encrypted columns the modules declare. */
	@Bean
	JavaMigration bindCiphertextsMigration(ObjectProvider<UnboundCiphertexts> columns) {
		return new BindCiphertextsMigration(columns.orderedStream().toList());
	}

	@Bean
	SharedStore sharedStore(@Value("${REDIS_URL:}") String url, @Value("${REDIS_TIMEOUT:500ms}") Duration timeout,
			@Value("${REDIS_FAILURE_POLICY:closed}") String policy, ApplicationEventPublisher events) {
		if (!policy.equals("closed") && !policy.equals("open")) {
			throw new InsecureConfigurationException("REDIS_FAILURE_POLICY", "must be closed or open",
					"closed answers 503 while Redis is down; open falls back to each instance's own limits.");
		}
		return new SharedStore(url, timeout, policy.equals("open"), events);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
