package dev.bastion.account;

import org.springframework.stereotype.Component;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Keeps Bastion from losing its last administrator. Each check locks the roster row
 * first, inside the caller's transaction, so that two demotions or deactivations at once
 * run one after the other and the second sees the first.
 */
@Component
class AdminRoster {

	private final Accounts accounts;

	AdminRoster(Accounts accounts) {
		this.accounts = accounts;
	}

	/**
	 * Refuses with {@code 409 CONFLICT} when {@code account} is the last active
	 * administrator; call inside the transaction that demotes or deactivates it.
	 */
	void refuseToRemoveLast(Account account) {
		if (!account.activeAdmin()) {
			return;
		}
		this.accounts.lockAdminRoster();
		if (this.accounts.activeAdminsOtherThan(account.id()) == 0) {
			throw new BastionException(ErrorCode.CONFLICT,
					"This is the last active administrator: promote another account first.");
		}
	}

	/**
	 * Whether an active administrator other than {@code id} exists, read under the lock:
	 * inside a transaction, every concurrent change to the roster has finished by then.
	 */
	boolean anotherActiveAdmin(java.util.UUID id) {
		this.accounts.lockAdminRoster();
		return this.accounts.activeAdminsOtherThan(id) > 0;
	}

}
