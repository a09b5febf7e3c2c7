package dev.bastion.crypto;

import org.flywaydb.core.api.migration.JavaMigration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretProperties.class)
class CryptoConfiguration {

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

}
