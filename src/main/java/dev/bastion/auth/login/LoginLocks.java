package dev.bastion.auth.login;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.bastion.account.Account;
import dev.bastion.auth.LoginFailed;
import dev.bastion.auth.login.SecurityEvents.AccountLocked;
import dev.bastion.crypto.Hmac;
import dev.bastion.crypto.MasterSecret;
import dev.bastion.crypto.Secrets;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * The lock every kind of login goes through (password, passkey, single sign-on): refused
 * while locked, each failure counted and audited with a fingerprint of the name tried
 * (never the name itself for an unknown account), forgotten on success.
 */
@Component
class LoginLocks {

	private static final int FINGERPRINT_LENGTH = 16;

	private static final String INVALID = "Wrong username, e-mail address or password.";

	private final LoginAttempts attempts;

	private final ApplicationEventPublisher events;

	private final Secrets secrets;

	private final Hmac unknownLogins;

	LoginLocks(LoginAttempts attempts, ApplicationEventPublisher events, Secrets secrets, MasterSecret secret) {
		this.attempts = attempts;
		this.events = events;
		this.secrets = secrets;
		this.unknownLogins = secret.hmac("bastion login lock keys");
	}

	/**
	 * The lock key of a login name that names no account: a keyed hash of it, so that a
	 * key is 70 characters however long the name (up to 254) and the shared state never
	 * holds a name, which may be a password typed in the wrong field. The same name has
	 * the same key on every instance (they share {@code SECRET_KEY}).
	 */
	String unknownLoginKey(String login) {
		return LoginAttempts.UNKNOWN_NAMES + this.unknownLogins.hex(login);
	}

	void refuseIfLocked(String lockKey, @Nullable Account account, String login, ClientInfo client) {
		Optional<Duration> remaining = this.attempts.lockedFor(lockKey);
		if (remaining.isPresent()) {
			// Still an attempt: the address-level detection counts it.
			this.events.publishEvent(loginFailed(account, login, "locked", client));
			throw new BastionException(ErrorCode.ACCOUNT_LOCKED,
					"Too many failed logins; try again later, or log in from a device you used before.",
					remaining.get());
		}
	}

	/** Counts and audits a failed login; the answer to give is returned. */
	BastionException failed(String lockKey, @Nullable Account account, String login, String reason,
			boolean trustedDevice, ClientInfo client) {
		String username = (account != null) ? account.username() : null;
		UUID accountId = (account != null) ? account.id() : null;
		this.events.publishEvent(loginFailed(account, login, reason, client));
		Optional<Duration> lock = this.attempts.fail(lockKey);
		lock.ifPresent((duration) -> this.events
			.publishEvent(new AccountLocked(accountId, username, duration.toSeconds(), trustedDevice)));
		return new BastionException(ErrorCode.INVALID_CREDENTIALS, INVALID);
	}

	void succeeded(String lockKey) {
		this.attempts.reset(lockKey);
	}

	void unlock(UUID accountId) {
		this.attempts.reset("account:" + accountId);
	}

	private LoginFailed loginFailed(@Nullable Account account, String login, String reason, ClientInfo client) {
		return new LoginFailed((account != null) ? account.id() : null, (account != null) ? account.username() : null,
				reason, client.ip(), this.secrets.hash("login " + login).substring(0, FINGERPRINT_LENGTH));
	}

}
