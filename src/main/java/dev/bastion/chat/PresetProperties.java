package dev.bastion.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.bastion.system.InsecureConfigurationException;

/**
 * Per-user chat presets.
 *
 * @param max How many [presets](api.md#presets) one user may keep (1 to 1000; otherwise
 * refused at start-up); one more is {@code 409 PRESET_LIMIT_REACHED}.
 */
@ConfigurationProperties("bastion.presets")
@Validated
record PresetProperties(@DefaultValue("50") int max) {

	/** The largest CHAT_PRESETS_MAX accepted: a preset may hold a whole context. */
	static final int LIMIT = 1000;

	PresetProperties {
		if (max < 1 || max > LIMIT) {
			throw new InsecureConfigurationException("CHAT_PRESETS_MAX", "must be 1 to " + LIMIT,
					"Set CHAT_PRESETS_MAX to how many presets one user may keep (default 50).");
		}
	}

}
