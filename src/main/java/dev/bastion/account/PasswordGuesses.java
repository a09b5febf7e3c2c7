package dev.bastion.account;

/**
 * Guesses at an account's password, or at its second-factor code once the password is
 * proven, made behind a valid credential (re-authentication for a password or e-mail
 * change, TOTP set-up or removal, account deletion, a new API key). They count towards
 * the same lock as failed logins of the account, so a stolen token cannot be used to
 * guess the password without limit. The module that keeps the locks implements it.
 */
public interface PasswordGuesses {

	/**
	 * Refuses with {@code 429 ACCOUNT_LOCKED} while the account is locked, before any
	 * hashing.
	 */
	void refuseIfLocked(Account account);

	/**
	 * Counts a wrong password (or code); the failure that reaches the limit locks the
	 * account.
	 */
	void failed(Account account);

}
