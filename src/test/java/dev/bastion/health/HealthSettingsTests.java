package dev.bastion.health;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import dev.bastion.support.StartupCheck;

/**
 * A negative cache time of the health report refuses the start; none at all is a choice.
 */
class HealthSettingsTests {

	private static final StartupCheck HEALTH = StartupCheck.of(Settings.class);

	@Test
	void aNegativeCacheTimeIsRefused() {
		HEALTH.assertRefused("HEALTH_CACHE_TTL must be longer than or equal to 0", "HEALTH_CACHE_TTL=-5s");
	}

	@Test
	void noCacheAndTheDefaultPass() {
		HEALTH.inProduction().assertStarts("HEALTH_CACHE_TTL=0s");
		HEALTH.inProduction().assertStarts();
	}

	@EnableConfigurationProperties(HealthProperties.class)
	static class Settings {

	}

}
