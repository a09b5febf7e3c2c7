package dev.bastion.ratelimit;

import org.junit.jupiter.api.Test;

import dev.bastion.support.StartupCheck;

/**
 * A production service without rate limits is an open door for brute force: refused.
 */
class RateLimitSettingsTests {

	private static final StartupCheck LIMITS = StartupCheck.of(RateLimitConfiguration.class)
		.creating("rateLimitRequiredInProduction");

	@Test
	void rateLimitingOffIsRefusedInProduction() {
		LIMITS.inProduction().assertRefused("RATE_LIMIT_ENABLED is false in production", "RATE_LIMIT_ENABLED=false");
	}

	@Test
	void rateLimitingOffPassesInDevelopment() {
		LIMITS.assertStarts("RATE_LIMIT_ENABLED=false");
	}

}
