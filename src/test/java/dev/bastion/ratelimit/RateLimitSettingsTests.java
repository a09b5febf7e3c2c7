package dev.bastion.ratelimit;

import org.junit.jupiter.api.Test;

import dev.bastion.support.StartupCheck;

/**
 * A production service without rate limits is an open door for brute force: refused. So
 * are thresholds and times of intrusion detection out of their range.
 */
class RateLimitSettingsTests {

	private static final StartupCheck LIMITS = StartupCheck.of(RateLimitConfiguration.class)
		.creating("rateLimitRequiredInProduction");

	@Test
	void rateLimitingOffIsRefusedInProduction() {
		LIMITS.inProduction().assertRefused("RATE_LIMIT_ENABLED is false in production", "RATE_LIMIT_ENABLED=false");
	}

	@Test
	void banThresholdsAndTimesOutOfTheirRangeAreRefused() {
		LIMITS.assertRefused("BAN_AFTER_DISTINCT_USERNAMES must be greater than 0", "BAN_AFTER_DISTINCT_USERNAMES=0");
		LIMITS.assertRefused("BAN_AFTER_FAILED_LOGINS must be greater than or equal to 0",
				"BAN_AFTER_FAILED_LOGINS=-1");
		LIMITS.assertRefused("BAN_DURATION must be longer than or equal to 1 milli", "BAN_DURATION=0s");
		LIMITS.assertRefused("INTRUSION_WINDOW must be longer than or equal to 1 milli", "INTRUSION_WINDOW=-1h");
	}

	@Test
	void aBanAtTheFirstFailedLoginAndTheDefaultsPass() {
		LIMITS.inProduction().assertStarts("BAN_AFTER_FAILED_LOGINS=0");
		LIMITS.inProduction().assertStarts();
	}

	@Test
	void rateLimitingOffPassesInDevelopment() {
		LIMITS.assertStarts("RATE_LIMIT_ENABLED=false");
	}

}
