package dev.bastion.account;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import dev.bastion.support.StartupCheck;

/**
 * A registration mode Bastion does not know refuses the start, rather than opening
 * sign-up.
 */
class AccountSettingsTests {

	private static final StartupCheck ACCOUNTS = StartupCheck.of(Settings.class);

	@Test
	void anUnknownRegistrationModeIsRefusedNamingTheVariable() {
		ACCOUNTS.assertRefused("REGISTRATION must be open, approval, invite or closed", "REGISTRATION=invite-only");
		ACCOUNTS.inProduction().assertRefused("REGISTRATION must be open, approval, invite or closed", "REGISTRATION=");
	}

	@Test
	void aKnownModePassesWhateverItsCase() {
		ACCOUNTS.inProduction().assertStarts("REGISTRATION=Invite");
	}

	@EnableConfigurationProperties(AccountProperties.class)
	static class Settings {

	}

}
