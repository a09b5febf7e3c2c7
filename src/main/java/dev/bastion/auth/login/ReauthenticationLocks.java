package dev.bastion.auth.login;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.bastion.account.Account;
import dev.bastion.account.PasswordGuesses;
import dev.bastion.auth.login.SecurityEvents.AccountLocked;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Re-authentication counts against the lock a login for the account uses
 * ({@code account:<id>}): a wrong current password is a failed guess like a failed login,
 * and a locked account's password is not checked at all. A device token does not help
 * here: re-authentication proves the password, not the device.
 */
@Component
class ReauthenticationLocks implements PasswordGuesses {

	private final LoginAttempts attempts;

	private final ApplicationEventPublisher events;

	ReauthenticationLocks(LoginAttempts attempts, ApplicationEventPublisher events) {
		this.attempts = attempts;
		this.events = events;
	}

	@Override
	public void refuseIfLocked(Account account) {
		this.attempts.lockedFor(key(account)).ifPresent((remaining) -> {
			throw new BastionException(ErrorCode.ACCOUNT_LOCKED,
					"Too many wrong passwords for this account; try again later.", remaining);
		});
	}

	@Override
	public void failed(Account account) {
		this.attempts.fail(key(account))
			.ifPresent((lock) -> this.events
				.publishEvent(new AccountLocked(account.id(), account.username(), lock.toSeconds(), false)));
	}

	private static String key(Account account) {
		return "account:" + account.id();
	}

}
