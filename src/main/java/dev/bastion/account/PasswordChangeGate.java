package dev.bastion.account;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Keeps an account that still has an administrator's one-time password to the password
 * change: any other authenticated call is refused with
 * {@code 403 PASSWORD_CHANGE_REQUIRED} (login, refresh, logout and reading one's own
 * profile stay open, so a client can find out and act). Whether an account must change is
 * kept for a few seconds; a change on this instance shows at once.
 */
@Component
final class PasswordChangeGate implements HandlerInterceptor {

	/** How late another instance sees that the password was changed. */
	private static final Duration FRESHNESS = Duration.ofSeconds(5);

	/** The calls open to such an account: {@code METHOD path}. */
	private static final Set<String> OPEN = Set.of("POST /api/v1/auth/password/change", "POST /api/v1/auth/logout",
			"POST /api/v1/auth/refresh", "POST /api/v1/auth/login", "GET /api/v1/users/me");

	private final Accounts accounts;

	private final Cache<UUID, Boolean> required = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(FRESHNESS)
		.build();

	PasswordChangeGate(Accounts accounts) {
		this.accounts = accounts;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Optional<UUID> account = CallingAccount.unlessOpen(request, OPEN);
		if (account.isPresent() && this.required.get(account.get(), this.accounts::passwordChangeRequired)) {
			throw new BastionException(ErrorCode.PASSWORD_CHANGE_REQUIRED,
					"Choose your own password first: change the one-time password you were given.");
		}
		return true;
	}

	/** The account's password (or whether it must change) changed on this instance. */
	void changed(UUID account) {
		this.required.invalidate(account);
	}

}
