package dev.bastion.sharedstate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import dev.bastion.support.StartupCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis timeout of nothing refuses the start: requests would wait on an unreachable
 * Redis instead of meeting the failure policy.
 */
class SharedStateSettingsTests {

	private static final StartupCheck SHARED = StartupCheck.of(Settings.class);

	@Test
	void aTimeoutOfNothingIsRefusedNamingTheVariableButNotTheValue() {
		SHARED.assertRefused("REDIS_TIMEOUT must be longer than or equal to 1 milli", "REDIS_TIMEOUT=0ms");
		String shown = SHARED.assertRefused("REDIS_TIMEOUT must be longer than or equal to 1 milli",
				"REDIS_TIMEOUT=-987654ms");
		assertThat(shown).doesNotContain("987654");
	}

	@Test
	void theDefaultPasses() {
		SHARED.inProduction().assertStarts("REDIS_URL=redis://127.0.0.1:6379");
	}

	@EnableConfigurationProperties(SharedStateProperties.class)
	static class Settings {

	}

}
