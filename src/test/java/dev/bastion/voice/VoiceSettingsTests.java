package dev.bastion.voice;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import dev.bastion.support.StartupCheck;

/**
 * The largest recording is {@code MAX_REQUEST_SIZE} too: nothing at all refuses the start
 * here as well, named by that variable.
 */
class VoiceSettingsTests {

	private static final StartupCheck VOICE = StartupCheck.of(Settings.class);

	@Test
	void aRecordingSizeOfNothingIsRefused() {
		VOICE.assertRefused("MAX_REQUEST_SIZE must be greater than 0", "MAX_REQUEST_SIZE=0MB");
	}

	@Test
	void theDefaultsPass() {
		VOICE.inProduction().assertStarts();
	}

	@EnableConfigurationProperties(VoiceProperties.class)
	static class Settings {

	}

}
