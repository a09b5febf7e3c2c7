package dev.bastion.auth.reset;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.bastion.audit.SecurityEvent;

/**
 * The security events of password changes and resets.
 */
final class PasswordEvents {

	private PasswordEvents() {
	}

	record PasswordChanged(UUID accountId, @Nullable String username, String how) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("how", this.how);
		}

	}

	/** Published in the background, away from the request: it carries its caller. */
	record PasswordResetRequested(@Nullable UUID accountId, @Nullable String username,
			Caller caller) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

	}

}
