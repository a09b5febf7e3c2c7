package dev.bastion.account;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Sign-up under {@code REGISTRATION}: {@code open} lets anyone in at once,
 * {@code approval} keeps new accounts pending until an administrator approves them,
 * {@code invite} needs an unused invite (the account is active at once), {@code closed}
 * refuses everyone with {@code 403 REGISTRATION_CLOSED}. In every mode, a sign-up that
 * brings an invite code is an administrator's invitation: it must be a live invite (for
 * its e-mail address) and makes the account active at once, since the administrator
 * vouched for it. Each refusal comes before any password work.
 */
@Service
public class Registrations {

	private final AccountManagement management;

	private final Invitations invitations;

	private final RegistrationMode mode;

	Registrations(AccountManagement management, Invitations invitations, AccountProperties properties) {
		this.management = management;
		this.invitations = invitations;
		this.mode = properties.registrationMode();
	}

	public RegistrationMode mode() {
		return this.mode;
	}

	/**
	 * @param inviteCode required under {@code REGISTRATION=invite}; in the other modes,
	 * when present, it must be a live invite and lets the account in at once
	 */
	public Profile register(@Nullable String username, @Nullable String email, @Nullable String password,
			@Nullable String inviteCode) {
		boolean invited = inviteCode != null && !inviteCode.isBlank();
		if (this.mode == RegistrationMode.CLOSED && !invited) {
			throw new BastionException(ErrorCode.REGISTRATION_CLOSED,
					"Sign-up is closed here: ask an administrator for an account.");
		}
		Username name = Username.of(username);
		EmailAddress address = EmailAddress.of(email);
		if (invited || this.mode == RegistrationMode.INVITE) {
			String invite = this.invitations.usable(inviteCode, address.value());
			return this.management.create(name, address, password, Role.USER, false,
					(account) -> this.invitations.redeem(invite, account));
		}
		return switch (this.mode) {
			case APPROVAL -> this.management.create(name, address, password, Role.USER, true, (account) -> {
			});
			default -> this.management.create(name, address, password, Role.USER, false, (account) -> {
			});
		};
	}

}
