package dev.bastion.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.bastion.system.InsecureConfigurationException;

/**
 * Per-user chat presets.
 *
 * @param max how many presets one user may keep ({@code CHAT_PRESETS_MAX}, 50; 1 to 1000)
 */
@ConfigurationProperties("bastion.presets")
record PresetProperties(int max) {

	/** The largest CHAT_PRESETS_MAX accepted: a preset may hold a whole context. */
	static final int LIMIT = 1000;

	PresetProperties {
		if (max < 1 || max > LIMIT) {
			throw new InsecureConfigurationException("CHAT_PRESETS_MAX", "must be 1 to " + LIMIT,
					"Set CHAT_PRESETS_MAX to how many presets one user may keep (default 50).");
		}
	}

}
