package dev.bastion.account;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import dev.bastion.support.StartupCheck;

/**
 * A registration mode Bastion does not know refuses the start, rather than opening
 * sign-up; so do password rules out of their range.
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

	@Test
	void aPasswordHistoryOfNoneOrANegativeEntropyIsRefused() {
		ACCOUNTS.assertRefused("PASSWORD_HISTORY_COUNT must be greater than 0", "PASSWORD_HISTORY_COUNT=0");
		ACCOUNTS.assertRefused("MIN_PASSWORD_ENTROPY must be greater than or equal to 0", "MIN_PASSWORD_ENTROPY=-1");
	}

	@Test
	void noEntropyRuleAndTheDefaultsPass() {
		ACCOUNTS.inProduction().assertStarts("MIN_PASSWORD_ENTROPY=0");
		ACCOUNTS.inProduction().assertStarts();
	}

	@EnableConfigurationProperties(AccountProperties.class)
	static class Settings {

	}

}
