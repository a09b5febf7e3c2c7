package dev.bastion.auth.login;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.HandlerInterceptor;

import dev.bastion.account.Account;
import dev.bastion.account.AccountDirectory;
import dev.bastion.account.CallingAccount;
import dev.bastion.auth.SecondFactorRequirement;
import dev.bastion.auth.passkey.PasskeyAssertions;
import dev.bastion.auth.passkey.PasskeySecurityEvents.PasskeyAdded;
import dev.bastion.auth.passkey.PasskeySecurityEvents.PasskeyRemoved;
import dev.bastion.auth.totp.TotpEvents.TotpDisabled;
import dev.bastion.auth.totp.TotpEvents.TotpEnabled;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * {@code REQUIRE_2FA}: an account the policy covers that has neither TOTP nor a passkey
 * can only set one up. Every other authenticated call, whatever the credential (browser
 * session, access token or API key), is refused with {@code 403 SECOND_FACTOR_REQUIRED} —
 * the admin API included. Login, refresh, logout, the password change and reading one's
 * own profile stay open, so a client can find out and act. Whether an account is held is
 * kept for a few seconds; an enrolment on this instance shows at once (once committed).
 */
final class SecondFactorGate implements HandlerInterceptor {

	/** How late another instance sees an enrolment, a removal or a role change. */
	private static final Duration FRESHNESS = Duration.ofSeconds(5);

	/** The calls open to a held account: {@code METHOD path}. */
	private static final Set<String> OPEN = Set.of("POST /api/v1/auth/login", "POST /api/v1/auth/refresh",
			"POST /api/v1/auth/logout", "POST /api/v1/auth/password/change", "GET /api/v1/users/me",
			"POST /api/v1/auth/totp/setup", "GET /api/v1/auth/totp/qr-code", "POST /api/v1/auth/totp/confirm",
			"POST /api/v1/users/me/passkeys/options", "POST /api/v1/users/me/passkeys",
			"GET /api/v1/users/me/passkeys");

	private final SecondFactorRequirement requirement;

	private final AccountDirectory accounts;

	private final PasskeyAssertions passkeys;

	private final Cache<UUID, Boolean> held = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(FRESHNESS)
		.build();

	SecondFactorGate(SecondFactorRequirement requirement, AccountDirectory accounts, PasskeyAssertions passkeys) {
		this.requirement = requirement;
		this.accounts = accounts;
		this.passkeys = passkeys;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (this.requirement == SecondFactorRequirement.OFF) {
			return true;
		}
		Optional<UUID> account = CallingAccount.unlessOpen(request, OPEN);
		if (account.isPresent() && this.held.get(account.get(), this::held)) {
			throw new BastionException(ErrorCode.SECOND_FACTOR_REQUIRED,
					"This server requires a second factor: set up an authenticator app (TOTP) or a passkey first.");
		}
		return true;
	}

	/** Whether the policy covers the account and it has no second factor yet. */
	boolean held(UUID accountId) {
		return this.accounts.findById(accountId).map(this::held).orElse(false);
	}

	/** A passkey counts only while passkeys are on: a login could not be asked for it. */
	boolean held(Account account) {
		return this.requirement.covers(account) && !account.totpEnabled() && !this.passkeys.held(account.id());
	}

	@TransactionalEventListener(fallbackExecution = true)
	void totpEnabled(TotpEnabled event) {
		this.held.invalidate(event.accountId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	void totpDisabled(TotpDisabled event) {
		this.held.invalidate(event.accountId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	void passkeyAdded(PasskeyAdded event) {
		this.held.invalidate(event.accountId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	void passkeyRemoved(PasskeyRemoved event) {
		this.held.invalidate(event.accountId());
	}

}
