package dev.bastion.account;

import java.time.Clock;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * What administrators decide about accounts besides incident response: roles, and the
 * sign-ups waiting for approval. Bastion never loses its last active administrator.
 */
@Service
public class AccountAdministration {

	private final Accounts accounts;

	private final AdminRoster roster;

	private final SetupCodes setupCodes;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	AccountAdministration(Accounts accounts, AdminRoster roster, SetupCodes setupCodes,
			ApplicationEventPublisher events, Clock clock) {
		this.accounts = accounts;
		this.roster = roster;
		this.setupCodes = setupCodes;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Gives the account {@code role}; returns whether that changed anything. A pending
	 * account must be approved first, and the last active administrator cannot be demoted
	 * ({@code 409} both). A new administrator closes setup.
	 */
	@Transactional
	public boolean setRole(UUID id, Role role) {
		Account account = existing(id);
		if (account.pending()) {
			throw new BastionException(ErrorCode.CONFLICT, "This account waits for approval: approve it first.");
		}
		if (account.role() == role) {
			return false;
		}
		if (role != Role.ADMIN) {
			this.roster.refuseToRemoveLast(account);
		}
		this.accounts.setRole(id, role, this.clock.instant());
		if (role == Role.ADMIN) {
			this.setupCodes.spendAll();
		}
		return true;
	}

	/** Lets a pending account log in; {@code 409} if it is not pending. */
	@Transactional
	public Profile approve(UUID id) {
		existing(id);
		if (!this.accounts.approve(id, this.clock.instant())) {
			throw notPending();
		}
		return Profile.of(existing(id));
	}

	/**
	 * Deletes a pending account, as if it had never registered; {@code 409} if it is not
	 * pending (deactivate an approved account instead).
	 */
	@Transactional
	public Profile reject(UUID id) {
		Account account = existing(id);
		if (!this.accounts.deletePending(id)) {
			throw notPending();
		}
		this.events.publishEvent(new AccountDeleted(id, account.username()));
		return Profile.of(account);
	}

	private Account existing(UUID id) {
		return this.accounts.findById(id)
			.orElseThrow(() -> new BastionException(ErrorCode.NOT_FOUND, "There is no such account."));
	}

	private static BastionException notPending() {
		return new BastionException(ErrorCode.CONFLICT, "This account is not waiting for approval.");
	}

}
