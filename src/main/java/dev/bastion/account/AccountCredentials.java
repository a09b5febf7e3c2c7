package dev.bastion.account;

import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * What proving who someone is keeps on their account: the second factor (stored encrypted
 * by {@code auth}) and the instant before which their access tokens are refused. The only
 * way another module changes these columns.
 */
@Component
public final class AccountCredentials {

	private final Accounts accounts;

	AccountCredentials(Accounts accounts) {
		this.accounts = accounts;
	}

	/** Stores a TOTP secret (already encrypted), enabled or still to be confirmed. */
	public void storeTotpSecret(UUID id, String encryptedSecret, boolean enabled) {
		this.accounts.setTotp(id, encryptedSecret, enabled);
	}

	/** Turns the second factor off and forgets its secret. */
	public void clearTotp(UUID id) {
		this.accounts.clearTotp(id);
	}

	/**
	 * Records a TOTP time step as used; false if it (or a later one) was used already, so
	 * a code is accepted once.
	 */
	public boolean useTotpStep(UUID id, long step) {
		return this.accounts.useTotpStep(id, step);
	}

	/** Refuses every access token issued before {@code instant}. */
	public void revokeTokensIssuedBefore(UUID id, Instant instant) {
		this.accounts.revokeTokensIssuedBefore(id, instant);
	}

	/**
	 * Refuses every access token issued before {@code instant}, unless the account
	 * refuses later ones already.
	 */
	public void refuseTokensIssuedBefore(UUID id, Instant instant) {
		this.accounts.refuseTokensIssuedBefore(id, instant);
	}

}
