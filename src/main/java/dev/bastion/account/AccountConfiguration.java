package dev.bastion.account;

import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccountProperties.class)
class AccountConfiguration {

	/**
	 * The id of the current hashing scheme; hashes under any other id are upgraded at
	 * login.
	 */
	static final String CURRENT_ENCODING = "argon2id";

	/**
	 * argon2id (19 MiB, 2 iterations: OWASP's minimum) for new hashes, behind Spring's
	 * delegating encoder so that parameters can change and old hashes upgrade on login.
	 * bcrypt is kept for verifying hashes imported from elsewhere; it cannot take the
	 * 128-character passwords the policy allows, so it is never used for new ones.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		Map<String, PasswordEncoder> encoders = Map.of(CURRENT_ENCODING, new Argon2PasswordEncoder(16, 32, 1, 19456, 2),
				"bcrypt", new BCryptPasswordEncoder(12));
		return new DelegatingPasswordEncoder(CURRENT_ENCODING, encoders);
	}

	@Bean
	PasswordPolicy passwordPolicy(AccountProperties properties) {
		return new PasswordPolicy(properties.minPasswordLength(), properties.maxPasswordLength(),
				properties.minPasswordEntropy());
	}

}
