package dev.bastion.account;

import java.util.Locale;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

import dev.bastion.crypto.Secrets;
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

	/** 32 random bytes: a password nobody knows, far beyond guessing. */
	private static final int RANDOM_PASSWORD_BYTES = 32;

	/** Room left for a suffix within the 50 characters of a username. */
	private static final int MAX_BASE = 40;

	private static final int SUFFIX_BYTES = 3;

	private static final int MAX_ATTEMPTS = 5;

	private final AccountManagement management;

	private final Invitations invitations;

	private final RegistrationMode mode;

	private final Accounts accounts;

	private final boolean localLogin;

	Registrations(AccountManagement management, Invitations invitations, AccountProperties properties,
			Accounts accounts) {
		this.localLogin = properties.localLogin();
		this.management = management;
		this.invitations = invitations;
		this.mode = properties.registrationMode();
		this.accounts = accounts;
	}

	/**
	 * Who may sign up with a password: nobody ({@code closed}) while {@code LOCAL_LOGIN}
	 * is false, whatever {@code REGISTRATION} says for single sign-on.
	 */
	public RegistrationMode mode() {
		return this.localLogin ? this.mode : RegistrationMode.CLOSED;
	}

	/**
	 * @param inviteCode required under {@code REGISTRATION=invite}; in the other modes,
	 * when present, it must be a live invite and lets the account in at once
	 */
	public Profile register(@Nullable String username, @Nullable String email, @Nullable String password,
			@Nullable String inviteCode) {
		if (!this.localLogin) {
			// Nobody could sign in to such an account, and its unverified e-mail would
			// block its owner's first single sign-on.
			throw new BastionException(ErrorCode.LOCAL_LOGIN_DISABLED,
					"Sign-up with a password is off here: sign in with single sign-on.");
		}
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

	/**
	 * Sign-up by single sign-on, for a person whose identity provider vouches for
	 * {@code email}: under {@code open} an active account, under {@code approval} a
	 * pending one; {@code invite} and {@code closed} refuse with
	 * {@code 403 REGISTRATION_CLOSED} (no invite can travel through the provider). The
	 * username comes from {@code usernameHint} (the provider's preferred username or the
	 * e-mail's local part), made valid and unique; the password is random and never
	 * shown, so the account signs in through its provider (or sets a password by the
	 * reset link sent to its address). {@code andThen} runs in the transaction that
	 * stores the account.
	 */
	public Profile registerFederated(@Nullable String usernameHint, String email, Consumer<Account> andThen) {
		if (this.mode == RegistrationMode.CLOSED || this.mode == RegistrationMode.INVITE) {
			throw new BastionException(ErrorCode.REGISTRATION_CLOSED,
					"Sign-up is closed here: ask an administrator for an account.");
		}
		EmailAddress address = EmailAddress.of(email);
		Username name = freeUsername((usernameHint != null) ? usernameHint : address.value());
		return this.management.create(name, address, Secrets.randomToken(RANDOM_PASSWORD_BYTES), Role.USER,
				this.mode == RegistrationMode.APPROVAL, andThen);
	}

	/** A valid username close to {@code hint} that no account has yet. */
	private Username freeUsername(String hint) {
		String base = hint.strip().toLowerCase(Locale.ROOT);
		int at = base.indexOf('@');
		base = ((at > 0) ? base.substring(0, at) : base).replaceAll("[^a-z0-9_.-]", "-");
		// Hex digits and dashes could read as an account id, with a suffix too.
		base = base.matches("[0-9a-f-]+") ? "user-" + base : base;
		base = (base.length() > MAX_BASE) ? base.substring(0, MAX_BASE) : base;
		if (base.length() < 3) {
			base = "user-" + base;
		}
		String candidate = base;
		for (int attempt = 0; this.accounts.findByLogin(candidate).isPresent(); attempt++) {
			if (attempt == MAX_ATTEMPTS) {
				throw new BastionException(ErrorCode.CONFLICT, "No free username could be found for this account.");
			}
			candidate = base + "-" + Secrets.randomToken(SUFFIX_BYTES).toLowerCase(Locale.ROOT).replace('_', '-');
		}
		return Username.of(candidate);
	}

}
