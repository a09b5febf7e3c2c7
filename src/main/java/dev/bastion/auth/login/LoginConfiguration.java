package dev.bastion.auth.login;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.auth.AuthProperties;
import dev.bastion.auth.passkey.PasskeyAssertions;
import dev.bastion.crypto.MasterSecret;
import dev.bastion.crypto.Secrets;
import dev.bastion.sharedstate.SharedState;

/**
 * The lock every login goes through, kept in the shared state, the device tokens that let
 * the real user past it, and the passkey login.
 */
@Configuration(proxyBeanMethods = false)
class LoginConfiguration {

	@Bean
	LoginAttempts loginAttempts(AuthProperties properties, SharedState shared) {
		return new LoginAttempts(properties.maxLoginAttempts(), properties.lockoutDuration(),
				new LoginAttempts.Keys(shared.counters("login-failures:", properties.lockoutWindow()),
						shared.locks("lock:")),
				new LoginAttempts.Keys(shared.counters("unknown-login-failures:", properties.lockoutWindow()),
						shared.locks("unknown-login-lock:")));
	}

	@Bean
	DeviceTokens deviceTokens(MasterSecret secret, JdbcClient jdbc, Clock clock, AuthProperties properties) {
		return new DeviceTokens(secret, jdbc, clock, properties.maxDeviceTokens());
	}

	@Bean
	PasskeyLogins passkeyLogins(PasskeyAssertions assertions, Logins logins, DeviceTokens devices, Secrets secrets,
			ApplicationEventPublisher events, LocalLogin localLogin) {
		return new PasskeyLogins(assertions, logins, devices, secrets, events, localLogin);
	}

}
