package dev.bastion.auth.passkey;

import org.jspecify.annotations.Nullable;

import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Spring Security's relying-party operations for this site, or none when
 * {@code PUBLIC_URL} gives no relying party (only possible outside production): then
 * every passkey call says why instead of failing later in the browser.
 */
final class RelyingPartyOperations {

	private final @Nullable RelyingParty party;

	private final @Nullable WebAuthnRelyingPartyOperations operations;

	RelyingPartyOperations(@Nullable RelyingParty party, @Nullable WebAuthnRelyingPartyOperations operations) {
		this.party = party;
		this.operations = operations;
	}

	boolean enabled() {
		return this.party != null;
	}

	RelyingParty party() {
		if (this.party == null) {
			throw unavailable();
		}
		return this.party;
	}

	WebAuthnRelyingPartyOperations get() {
		if (this.operations == null) {
			throw unavailable();
		}
		return this.operations;
	}

	private static BastionException unavailable() {
		return new BastionException(ErrorCode.NOT_FOUND,
				"Passkeys are off: PUBLIC_URL must be an https:// address with a domain name (or http://localhost).");
	}

}
