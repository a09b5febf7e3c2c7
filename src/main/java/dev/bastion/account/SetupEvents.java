package dev.bastion.account;

import java.util.Map;
import java.util.UUID;

import dev.bastion.audit.FailedGuess;
import dev.bastion.audit.SecurityEvent;

/**
 * The security events of the first administrator's setup.
 */
final class SetupEvents {

	private SetupEvents() {
	}

	/** The first administrator was made with a setup code; every code is spent. */
	record SetupCompleted(UUID accountId, String username) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.WARNING;
		}

	}

	/**
	 * A setup call with a code that is not a live one: counted like a failed login
	 * towards the address's ban.
	 */
	record SetupCodeRejected(String clientIp, String loginFingerprint) implements FailedGuess {

		@Override
		public Severity severity() {
			return Severity.WARNING;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("reason", "setup_code");
		}

	}

}
