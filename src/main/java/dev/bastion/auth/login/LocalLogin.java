package dev.bastion.auth.login;

import java.util.Locale;
import java.util.Objects;

import org.springframework.stereotype.Component;

import dev.bastion.account.Account;
import dev.bastion.account.AccountProperties;
import dev.bastion.account.Role;
import dev.bastion.auth.SsoProperties;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InsecureConfigurationException;

/**
 * {@code LOCAL_LOGIN}: whether Bastion's own credentials (password, passkey) sign anyone
 * in. Off, everyone signs in through single sign-on, except one break-glass administrator
 * named by {@code LOCAL_LOGIN_BREAK_GLASS}, who keeps a way in when the identity provider
 * is down. Refusals come before any lookup or hashing, so they reveal nothing and cost
 * nothing.
 */
@Component
final class LocalLogin {

	private static final String REFUSED = "Sign-in with a password or passkey is off here: use single sign-on.";

	private final boolean enabled;

	private final String breakGlass;

	LocalLogin(AccountProperties accounts, SsoProperties sso) {
		boolean enabled = accounts.localLogin();
		String breakGlass = Objects.requireNonNullElse(accounts.localLoginBreakGlass(), "");
		if (!enabled && !sso.enabled()) {
			throw new InsecureConfigurationException("LOCAL_LOGIN", "is false while single sign-on is not configured",
					"Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or leave LOCAL_LOGIN at true.");
		}
		this.enabled = enabled;
		this.breakGlass = breakGlass.strip().toLowerCase(Locale.ROOT);
	}

	/** Refuses {@code login} (a username or e-mail, normalized) unless it may sign in. */
	void refuseUnlessAllowed(String login) {
		if (!this.enabled && (this.breakGlass.isEmpty() || !this.breakGlass.equals(login))) {
			throw new BastionException(ErrorCode.LOCAL_LOGIN_DISABLED, REFUSED);
		}
	}

	/**
	 * Refuses {@code account} unless it may sign in: with local login off, only the
	 * break-glass account, and only while it is an administrator.
	 */
	void refuseUnlessAllowed(Account account) {
		if (!allows(account)) {
			throw new BastionException(ErrorCode.LOCAL_LOGIN_DISABLED, REFUSED);
		}
	}

	/** Whether {@code account} may sign in with its password or a passkey. */
	boolean allows(Account account) {
		return this.enabled || (!this.breakGlass.isEmpty() && this.breakGlass.equals(account.username())
				&& account.role() == Role.ADMIN);
	}

}
