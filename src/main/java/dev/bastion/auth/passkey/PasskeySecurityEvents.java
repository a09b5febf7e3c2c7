package dev.bastion.auth.passkey;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.bastion.audit.SecurityEvent;

/**
 * The security events of passkeys.
 */
public final class PasskeySecurityEvents {

	private PasskeySecurityEvents() {
	}

	public record PasskeyAdded(UUID accountId, @Nullable String username) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

	}

	public record PasskeyRemoved(UUID accountId, @Nullable String username) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.WARNING;
		}

	}

	/**
	 * A sign-in whose signature counter did not pass the last one seen: two
	 * authenticators hold the same key, so the passkey's key was probably copied. The
	 * sign-in was refused.
	 */
	record PasskeyCounterRegressed(UUID accountId, @Nullable String username) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.CRITICAL;
		}

	}

}
