package dev.bastion.account;

import java.time.Clock;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.bastion.crypto.Secrets;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.Secret;

/**
 * What administrators decide about accounts besides incident response: roles, the
 * sign-ups waiting for approval, accounts they create and delete. Bastion never loses its
 * last active administrator.
 */
@Service
public class AccountAdministration {

	/** 18 random bytes: 24 characters of base64url, far beyond any guessing. */
	private static final int ONE_TIME_PASSWORD_BYTES = 18;

	private final Accounts accounts;

	private final AdminRoster roster;

	private final SetupCodes setupCodes;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final AccountManagement management;

	private final PasswordChangeGate gate;

	AccountAdministration(Accounts accounts, AdminRoster roster, SetupCodes setupCodes,
			ApplicationEventPublisher events, Clock clock, AccountManagement management, PasswordChangeGate gate) {
		this.management = management;
		this.gate = gate;
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

	/**
	 * A new, active account with a random one-time password, returned only here: until
	 * its owner replaces it, the account may do nothing else
	 * ({@link PasswordChangeGate}). A new administrator closes setup.
	 */
	public NewAccount create(@Nullable String username, @Nullable String email, Role role) {
		String oneTimePassword = Secrets.randomToken(ONE_TIME_PASSWORD_BYTES);
		Profile created = this.management.create(Username.of(username), EmailAddress.of(email), oneTimePassword, role,
				false, (account) -> {
					this.accounts.requirePasswordChange(account.id());
					if (role == Role.ADMIN) {
						this.setupCodes.spendAll();
					}
				});
		this.gate.changed(created.id());
		return new NewAccount(Profile.of(existing(created.id())), Secret.of(oneTimePassword));
	}

	/**
	 * Erases an account and everything stored for it, as its owner's own deletion does;
	 * never the last active administrator ({@code 409}).
	 */
	@Transactional
	public Profile delete(UUID id) {
		Account account = existing(id);
		this.roster.refuseToRemoveLast(account);
		this.accounts.delete(id);
		this.events.publishEvent(new AccountDeleted(id, account.username()));
		return Profile.of(account);
	}

	private Account existing(UUID id) {
		return this.accounts.findById(id)
			.orElseThrow(() -> new BastionException(ErrorCode.NOT_FOUND, "There is no such account."));
	}

	/** An account just created, with the one-time password shown only now. */
	public record NewAccount(Profile profile, Secret oneTimePassword) {

	}

	private static BastionException notPending() {
		return new BastionException(ErrorCode.CONFLICT, "This account is not waiting for approval.");
	}

}
