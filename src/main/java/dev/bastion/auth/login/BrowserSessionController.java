package dev.bastion.auth.login;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.account.Profile;
import dev.bastion.auth.session.BrowserLogin;
import dev.bastion.system.Secret;

/**
 * {@code /web/session}: the web UI's login and logout. The login is the API's login (rate
 * limit, lockout, second factor, audit) with its tokens kept in the server-side session
 * ({@link WebLogins}).
 */
@RestController
final class BrowserSessionController {

	private static final Logger logger = LoggerFactory.getLogger(BrowserSessionController.class);

	private final Logins logins;

	private final PasskeyLogins passkeyLogins;

	private final WebLogins webLogins;

	private final Clock clock;

	BrowserSessionController(Logins logins, PasskeyLogins passkeyLogins, WebLogins webLogins, Clock clock) {
		this.logins = logins;
		this.passkeyLogins = passkeyLogins;
		this.webLogins = webLogins;
		this.clock = clock;
	}

	@PostMapping("/web/session")
	ResponseEntity<Profile> login(@RequestBody WebLoginRequest body, HttpServletRequest request,
			HttpServletResponse response) {
		Instant started = this.clock.instant();
		TokenResponse tokens = this.logins.login(body.username(), body.password(),
				new LoginSecondStep.Proof(body.totpCode(), body.passkey()), this.webLogins.device(request),
				ClientInfo.of(request), this.webLogins.lifetime());
		return ResponseEntity.ok(this.webLogins.keep(tokens, started, request, response));
	}

	/** The same login with a passkey: only the proof differs. */
	@PostMapping("/web/session/passkey")
	ResponseEntity<Profile> passkeyLogin(@RequestBody PasskeyLoginController.LoginRequest body,
			HttpServletRequest request, HttpServletResponse response) {
		Instant started = this.clock.instant();
		TokenResponse tokens = this.passkeyLogins.login(body.challenge(), body.credential(),
				this.webLogins.device(request), ClientInfo.of(request), this.webLogins.lifetime());
		return ResponseEntity.ok(this.webLogins.keep(tokens, started, request, response));
	}

	/**
	 * Always succeeds: the server-side session and its login end, and the browser is told
	 * to drop what it cached and stored. The device cookie survives on purpose: it is
	 * what lets this person in while someone else locks the account. A login made by
	 * single sign-on whose provider offers logout answers {@code 200} with the address
	 * that ends the provider's session too ({@code end_session_url}), for the page to
	 * offer; any other, {@code 204}.
	 */
	@DeleteMapping("/web/session")
	ResponseEntity<Map<String, String>> logout(HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		String endSession = null;
		if (session != null) {
			BrowserLogin login = BrowserLogin.of(session.getAttribute(BrowserLogin.ATTRIBUTE));
			if (login != null) {
				end(login);
				endSession = (session.getAttribute(ExternalLogins.END_SESSION_ATTRIBUTE) instanceof String url) ? url
						: null;
			}
			session.invalidate();
		}
		response.addHeader(HttpHeaders.SET_COOKIE, expiredSessionCookie(request).toString());
		ResponseEntity.BodyBuilder answer = ResponseEntity.status((endSession != null) ? 200 : 204)
			.header("Clear-Site-Data", "\"cache\", \"storage\"");
		return (endSession != null) ? answer.body(Map.of("end_session_url", endSession)) : answer.build();
	}

	private void end(BrowserLogin login) {
		try {
			this.logins.logout(login.accountId(), login.familyId(), null, null, null);
		}
		catch (RuntimeException ex) {
			// An account deleted a moment ago has no login left to end.
			logger.debug("Web logout found no login to end", ex);
		}
	}

	private ResponseCookie expiredSessionCookie(HttpServletRequest request) {
		String name = request.getServletContext().getSessionCookieConfig().getName();
		return ResponseCookie.from((name != null) ? name : "JSESSIONID", "")
			.httpOnly(true)
			.secure(this.webLogins.secureCookies())
			.sameSite("Lax")
			.path("/")
			.maxAge(0)
			.build();
	}

	/**
	 * Redacted whole: a password typed into the username field must not reach a log
	 * either.
	 */
	record WebLoginRequest(@Nullable String username, @Nullable Secret password, @Nullable Secret totpCode,
			LoginSecondStep.@Nullable PasskeyProof passkey) {

		@Override
		public String toString() {
			return "WebLoginRequest[<redacted>]";
		}

	}

}
