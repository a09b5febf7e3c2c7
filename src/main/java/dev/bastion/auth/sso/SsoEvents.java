package dev.bastion.auth.sso;

import java.util.Map;
import java.util.UUID;

import dev.bastion.audit.SecurityEvent;

/**
 * The security events of single sign-on (its logins are the usual login events, with
 * method {@code oidc}).
 */
final class SsoEvents {

	private SsoEvents() {
	}

	/** A first sign-in made an account (active or pending, as sign-up allows). */
	record SsoAccountCreated(UUID accountId, String username, String issuer) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("issuer", this.issuer);
		}

	}

	/** A provider identity was linked to an existing account, after its password. */
	record SsoLinked(UUID accountId, String username, String issuer) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.WARNING;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("issuer", this.issuer);
		}

	}

	/** The role claim changed the account's role at a sign-in. */
	record SsoRoleChanged(UUID accountId, String username, String role) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.WARNING;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("role", this.role);
		}

	}

	/**
	 * The account's owner removed a provider identity from it (after proving the
	 * password): it no longer signs in as the account.
	 */
	record SsoUnlinked(UUID accountId, String username, String issuer) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.WARNING;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("issuer", this.issuer);
		}

	}

}
