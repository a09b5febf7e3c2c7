package dev.bastion.account;

import java.util.Locale;

import dev.bastion.system.InsecureConfigurationException;

/**
 * Who may sign up ({@code REGISTRATION}): anyone ({@code open}), anyone but only once an
 * administrator approves ({@code approval}), whoever holds an administrator's invite
 * ({@code invite}), or nobody ({@code closed}).
 */
public enum RegistrationMode {

	OPEN, APPROVAL, INVITE, CLOSED;

	/** As written in {@code REGISTRATION}, and as the API reports it. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * {@code REGISTRATION} in any case; anything else, the empty value included, is
	 * refused.
	 */
	static RegistrationMode of(String value) {
		for (RegistrationMode mode : values()) {
			if (mode.value().equals(value.strip().toLowerCase(Locale.ROOT))) {
				return mode;
			}
		}
		throw new InsecureConfigurationException("REGISTRATION", "must be open, approval, invite or closed",
				"Set REGISTRATION=approval (the production default), invite, open or closed.");
	}

}
