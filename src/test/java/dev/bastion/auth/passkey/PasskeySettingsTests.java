package dev.bastion.auth.passkey;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import dev.bastion.auth.AuthProperties;
import dev.bastion.support.StartupCheck;

/**
 * In production, a {@code PUBLIC_URL} that names no passkey relying party refuses the
 * start: WebAuthn takes a domain name as relying-party id, never an IP address.
 */
class PasskeySettingsTests {

	private static final StartupCheck PASSKEYS = StartupCheck.of(PasskeyConfiguration.class, Auth.class)
		.creating("relyingPartyOperations");

	@Test
	void anIpAddressAsPublicUrlIsRefusedInProduction() {
		PASSKEYS.inProduction()
			.assertRefused("PUBLIC_URL names no relying party for passkeys", "PUBLIC_URL=https://203.0.113.7");
		PASSKEYS.inProduction()
			.assertRefused("PUBLIC_URL names no relying party for passkeys", "PUBLIC_URL=https://[2001:db8::7]:8443");
	}

	@Test
	void aDomainNamePasses() {
		PASSKEYS.inProduction().assertStarts("PUBLIC_URL=https://bastion.example.org");
		PASSKEYS.assertStarts("PUBLIC_URL=http://127.0.0.1:8080");
	}

	@EnableConfigurationProperties(AuthProperties.class)
	static class Auth {

	}

}
