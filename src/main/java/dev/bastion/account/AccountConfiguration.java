package dev.bastion.account;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccountProperties.class)
class AccountConfiguration {

	/**
	 * The id of the current hashing scheme; hashes under any other id are upgraded at
	 * login.
	 */
	static final String CURRENT_ENCODING = "argon2id";

	/**
	 * Verifies hashes: argon2id ({@link Argon2id}'s parameters) behind Spring's
	 * delegating encoder, so that parameters can change and old hashes upgrade on login.
	 * bcrypt is kept for verifying hashes imported from elsewhere; it cannot take the
	 * 128-character passwords the policy allows, so it is never used for new ones. New
	 * hashes come from {@link Passwords}.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		Map<String, PasswordEncoder> encoders = Map.of(CURRENT_ENCODING, Argon2id.encoder(), "bcrypt",
				new BCryptPasswordEncoder(12));
		return new DelegatingPasswordEncoder(CURRENT_ENCODING, encoders);
	}

	@Bean
	HashingBulkhead hashingBulkhead(AccountProperties properties, ObjectProvider<MeterRegistry> registry) {
		HashingBulkhead bulkhead = HashingBulkhead.forThisMachine(properties.hashingQueueTimeout());
		registry.ifAvailable(bulkhead::bindTo);
		return bulkhead;
	}

	@Bean
	Passwords passwords(PasswordEncoder encoder, PasswordPolicy policy, HashingBulkhead bulkhead) {
		return new Passwords(encoder, policy, bulkhead);
	}

	@Bean
	PasswordPolicy passwordPolicy(AccountProperties properties) {
		return new PasswordPolicy(properties.minPasswordLength(), properties.maxPasswordLength(),
				properties.minPasswordEntropy());
	}

	/** Every API call passes the {@link PasswordChangeGate}. */
	@Bean
	WebMvcConfigurer passwordChangeGateRegistration(PasswordChangeGate gate) {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(gate).addPathPatterns("/api/**", "/v1/**");
			}
		};
	}

}
