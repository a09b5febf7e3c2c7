package dev.bastion.auth.passkey;

import java.time.Clock;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

import dev.bastion.account.AccountDirectory;
import dev.bastion.auth.AuthProperties;
import dev.bastion.auth.totp.Reauthentication;
import dev.bastion.system.InsecureConfigurationException;

/**
 * Passkeys with Spring Security's WebAuthn support: its relying-party operations (backed
 * by webauthn4j) over its JDBC credential store, for the relying party {@code PUBLIC_URL}
 * names. In production a {@code PUBLIC_URL} that names none refuses the start.
 */
@Configuration(proxyBeanMethods = false)
class PasskeyConfiguration {

	@Bean
	PasskeyUsers passkeyUsers(JdbcClient jdbc) {
		return new PasskeyUsers(jdbc);
	}

	@Bean
	PasskeyCredentials passkeyCredentials(JdbcOperations jdbcOperations, JdbcClient jdbc, Clock clock) {
		return new PasskeyCredentials(new JdbcUserCredentialRepository(jdbcOperations), jdbc, clock);
	}

	@Bean
	PasskeyChallenges passkeyChallenges(JdbcClient jdbc, Clock clock) {
		return new PasskeyChallenges(jdbc, clock);
	}

	@Bean
	RelyingPartyOperations relyingPartyOperations(AuthProperties properties, Environment environment,
			PasskeyUsers users, PasskeyCredentials credentials) {
		RelyingParty party = RelyingParty.of(properties.publicUrl());
		if (party == null) {
			// An address that is not https:// at all is refused by authSafeInProduction,
			// with its own message.
			if (environment.matchesProfiles("production") && properties.httpsPublicUrl()) {
				throw new InsecureConfigurationException("PUBLIC_URL", "names no relying party for passkeys",
						"Use the https:// address with the domain name users reach Bastion at, not an IP address.");
			}
			return new RelyingPartyOperations(null, null);
		}
		Webauthn4JRelyingPartyOperations operations = new Webauthn4JRelyingPartyOperations(users, credentials,
				PublicKeyCredentialRpEntity.builder().id(party.id()).name("Bastion").build(), Set.of(party.origin()));
		operations.setCustomizeCreationOptions(PasskeyOptions::customize);
		return new RelyingPartyOperations(party, operations);
	}

	@Bean
	Passkeys passkeys(RelyingPartyOperations operations, PasskeyUsers users, PasskeyCredentials credentials,
			PasskeyChallenges challenges, Reauthentication reauthentication, AccountDirectory accounts,
			ApplicationEventPublisher events) {
		return new Passkeys(operations, users, credentials, challenges, reauthentication, accounts, events);
	}

	@Bean
	PasskeyAssertions passkeyAssertions(RelyingPartyOperations operations, PasskeyUsers users,
			PasskeyCredentials credentials, PasskeyChallenges challenges, AccountDirectory accounts,
			ApplicationEventPublisher events) {
		return new PasskeyAssertions(operations, users, credentials, challenges, accounts, events);
	}

}
