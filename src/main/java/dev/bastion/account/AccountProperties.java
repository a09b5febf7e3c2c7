package dev.bastion.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Account rules.
 *
 * @param minPasswordLength shortest password accepted ({@code MIN_PASSWORD_LENGTH}, 8)
 * @param maxPasswordLength longest password accepted ({@code MAX_PASSWORD_LENGTH}, 128)
 * @param minPasswordEntropy the least estimated entropy in bits a password must have
 * ({@code MIN_PASSWORD_ENTROPY}, 35)
 * @param passwordHistoryCount how many previous passwords may not be reused
 * ({@code PASSWORD_HISTORY_COUNT}, 5)
 * @param hashingQueueTimeout how long password work waits for a hashing slot before
 * {@code 503} ({@code LOGIN_QUEUE_TIMEOUT}, 1s)
 * @param registration who may sign up ({@code REGISTRATION}: {@code open} in development,
 * {@code approval} in production)
 */
@ConfigurationProperties("bastion.account")
record AccountProperties(int minPasswordLength, int maxPasswordLength, double minPasswordEntropy,
		int passwordHistoryCount, Duration hashingQueueTimeout, String registration) {

	AccountProperties {
		// Parsed here, not bound as an enum, so that a wrong value names the variable.
		RegistrationMode.of(registration);
		if (minPasswordLength < 8 || maxPasswordLength < minPasswordLength || maxPasswordLength > 1024) {
			throw new dev.bastion.system.InsecureConfigurationException("MIN_PASSWORD_LENGTH",
					"must be at least 8 and not above MAX_PASSWORD_LENGTH (at most 1024)",
					"Use the defaults (8 and 128) unless you have a reason.");
		}
		if (hashingQueueTimeout.isNegative()) {
			throw new dev.bastion.system.InsecureConfigurationException("LOGIN_QUEUE_TIMEOUT", "is negative",
					"Use a duration such as 1s.");
		}
	}

	RegistrationMode registrationMode() {
		return RegistrationMode.of(this.registration);
	}

}
