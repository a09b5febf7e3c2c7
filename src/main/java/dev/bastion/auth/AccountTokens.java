package dev.bastion.auth;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.bastion.account.AccountCredentials;

import dev.bastion.auth.login.Logins;
import dev.bastion.auth.session.Revocations;
import dev.bastion.auth.token.SigningKeys;
import dev.bastion.auth.totp.RecoveryCodes;

/**
 * What incident response may do to logins and tokens: end all of an account's, lift its
 * lock, deny one access token, rotate the signing key.
 */
@Service
public class AccountTokens {

	private final Logins logins;

	private final Revocations revocations;

	private final SigningKeys signingKeys;

	private final AuthProperties properties;

	private final java.time.Clock clock;

	private final AccountCredentials credentials;

	private final RecoveryCodes recoveryCodes;

	AccountTokens(Logins logins, Revocations revocations, SigningKeys signingKeys, AuthProperties properties,
			java.time.Clock clock, AccountCredentials credentials, RecoveryCodes recoveryCodes) {
		this.credentials = credentials;
		this.recoveryCodes = recoveryCodes;
		this.logins = logins;
		this.revocations = revocations;
		this.signingKeys = signingKeys;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Ends every login of the account and refuses every access token issued to it so far.
	 */
	public void revokeEverything(UUID accountId) {
		this.logins.revokeEverything(accountId);
	}

	/** Lifts the account's lock (an in-memory state of this instance). */
	public void unlock(UUID accountId) {
		this.logins.unlock(accountId);
	}

	/**
	 * Denies one access token by its id until the longest time it could still be valid.
	 */
	public void revokeToken(String jti) {
		this.revocations.revokeToken(jti, this.clock.instant().plus(this.properties.accessTokenTtl()));
	}

	/**
	 * Makes a new key the signer; with {@code compromised}, every token signed by the
	 * keys before it is refused at once (on other instances within
	 * {@code SIGNING_KEY_RELOAD_INTERVAL}).
	 */
	public String rotateSigningKey(boolean compromised) {
		return this.signingKeys.rotate(compromised);
	}

	/**
	 * The account's role changed: every access token issued to it so far is refused, so
	 * none keeps the old role's authority; its logins stay, and their next refresh
	 * carries the new role.
	 */
	public void roleChanged(UUID accountId) {
		this.revocations.roleChanged(accountId);
	}

	/**
	 * An administrator's reset of the second factor (a lost authenticator): TOTP off, its
	 * secret and recovery codes gone; the owner logs in with the password alone and may
	 * enrol again. Logins stay: whoever reset it holds no more than the password.
	 */
	@Transactional
	public void resetSecondFactor(UUID accountId) {
		this.credentials.clearTotp(accountId);
		this.recoveryCodes.delete(accountId);
	}

	/** The account changed in a way its tokens depend on (deactivated, activated). */
	public void accountChanged(UUID accountId) {
		this.revocations.accountChanged(accountId);
	}

}
