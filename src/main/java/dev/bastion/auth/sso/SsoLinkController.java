package dev.bastion.auth.sso;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.account.Profile;
import dev.bastion.auth.SsoProperties;
import dev.bastion.auth.login.ExternalLogins;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.Secret;

/**
 * {@code /web/sso}: what the login page needs to offer single sign-on, and the linking
 * step: "an account with this e-mail exists; enter its password to link". With single
 * sign-on off, {@code /web/sso} says so and there is never a link waiting.
 */
@RestController
final class SsoLinkController {

	private static final String NO_LINK = "No sign-in is waiting to be linked; sign in with your provider again.";

	private final SsoProperties properties;

	private final SsoAccounts accounts;

	private final ExternalLogins logins;

	private final Clock clock;

	SsoLinkController(SsoProperties properties, SsoAccounts accounts, ExternalLogins logins, Clock clock) {
		this.clock = clock;
		this.properties = properties;
		this.accounts = accounts;
		this.logins = logins;
	}

	/**
	 * The button: whether there is one, the provider's name and where a sign-in starts.
	 */
	@GetMapping("/web/sso")
	Map<String, Object> provider() {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("enabled", this.properties.enabled());
		if (this.properties.enabled()) {
			answer.put("name", this.properties.name());
			answer.put("login_url", SsoConfiguration.AUTHORIZE_BASE + "/" + DiscoveredProvider.REGISTRATION_ID);
		}
		return answer;
	}

	/** The link waiting in this session: the account's e-mail and the provider's name. */
	@GetMapping("/web/sso/link")
	Map<String, Object> pending(HttpServletRequest request) {
		PendingLink pending = pending(request.getSession(false));
		return Map.of("email", pending.email(), "provider", this.properties.name());
	}

	/**
	 * Proves the account's password (and code), links the identity and signs in: the same
	 * {@code 401}, lock and {@code totp_required} as a password login.
	 */
	@PostMapping("/web/sso/link")
	ResponseEntity<Profile> link(@RequestBody LinkRequest body, HttpServletRequest request,
			HttpServletResponse response) {
		PendingLink pending = pending(request.getSession(false));
		Profile profile = this.logins.signInProvingPassword(pending.accountId(), body.password(), body.totpCode(),
				SsoLoginHandler.METHOD, (account) -> this.accounts.link(pending, account), request, response);
		return ResponseEntity.ok(profile);
	}

	/** Drops the link offer; nothing is linked. */
	@DeleteMapping("/web/sso/link")
	ResponseEntity<Void> cancel(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(PendingLink.ATTRIBUTE);
		}
		return ResponseEntity.noContent().build();
	}

	private PendingLink pending(@Nullable HttpSession session) {
		PendingLink pending = (session != null) ? PendingLink.of(session.getAttribute(PendingLink.ATTRIBUTE)) : null;
		if (pending == null || !pending.expiresAt().isAfter(this.clock.instant())) {
			throw new BastionException(ErrorCode.NOT_FOUND, NO_LINK);
		}
		return pending;
	}

	record LinkRequest(@Nullable Secret password, @Nullable Secret totpCode) {

	}

}
