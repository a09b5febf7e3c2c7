package dev.bastion.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.account.Profile;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InsecureConfigurationException;

/**
 * {@code /web/session}: the web UI's login and logout. The login is the API's login (rate
 * limit, lockout, second factor, audit) with its tokens kept in the server-side session;
 * the browser only holds the session cookie, a fresh one at every login, and an HttpOnly
 * device cookie that lets the real user past a lock someone else caused.
 */
@RestController
final class BrowserSessionController {

	private static final Logger logger = LoggerFactory.getLogger(BrowserSessionController.class);

	private final Logins logins;

	private final PasskeyLogins passkeyLogins;

	private final Sessions sessions;

	private final Clock clock;

	private final Duration absoluteTimeout;

	private final boolean secureCookies;

	private final String deviceCookie;

	BrowserSessionController(Logins logins, PasskeyLogins passkeyLogins, Sessions sessions, Clock clock,
			@Value("${bastion.auth.web-session-absolute}") Duration absoluteTimeout,
			@Value("${server.servlet.session.cookie.secure:false}") boolean secureCookies) {
		if (absoluteTimeout.isNegative() || absoluteTimeout.isZero()) {
			throw new InsecureConfigurationException("WEB_SESSION_ABSOLUTE", "must be a positive duration",
					"Use the default of 12h, or a duration such as 8h.");
		}
		this.logins = logins;
		this.passkeyLogins = passkeyLogins;
		this.sessions = sessions;
		this.clock = clock;
		this.absoluteTimeout = absoluteTimeout;
		this.secureCookies = secureCookies;
		// The __Host- prefix pins the cookie to this host and path, and needs Secure.
		this.deviceCookie = secureCookies ? "__Host-bastion-device" : "bastion-device";
	}

	@PostMapping("/web/session")
	ResponseEntity<Profile> login(@RequestBody WebLoginRequest body, HttpServletRequest request,
			HttpServletResponse response) {
		Instant started = this.clock.instant();
		TokenResponse tokens = this.logins.login(body.username(), body.password(),
				new LoginSecondStep.Proof(body.totpCode(), body.passkey()), device(request), ClientInfo.of(request),
				this.absoluteTimeout);
		return keep(tokens, started, request, response);
	}

	/** The same login with a passkey: only the proof differs. */
	@PostMapping("/web/session/passkey")
	ResponseEntity<Profile> passkeyLogin(@RequestBody PasskeyController.LoginRequest body, HttpServletRequest request,
			HttpServletResponse response) {
		Instant started = this.clock.instant();
		TokenResponse tokens = this.passkeyLogins.login(body.challenge(), body.credential(), device(request),
				ClientInfo.of(request), this.absoluteTimeout);
		return keep(tokens, started, request, response);
	}

	private ResponseEntity<Profile> keep(TokenResponse tokens, Instant started, HttpServletRequest request,
			HttpServletResponse response) {
		Sessions.RefreshTokenState login = this.sessions.find(tokens.refreshToken())
			.orElseThrow(() -> new BastionException(ErrorCode.INTERNAL_ERROR, "The login could not be kept."));
		HttpSession previous = request.getSession(false);
		if (previous != null) {
			// Never reuse a session id across a login (fixation); the earlier login ends.
			previous.invalidate();
		}
		HttpSession session = request.getSession(true);
		session
			.setAttribute(BrowserLogin.ATTRIBUTE,
					new BrowserLogin(tokens.user().id(), login.familyId(), started.plus(this.absoluteTimeout),
							tokens.accessToken(), started.plusSeconds(tokens.expiresIn()), tokens.refreshToken())
						.text());
		// Added to the servlet response, beside the session cookie: ResponseEntity
		// headers would replace it. A login always carries a device token (the same
		// device id when this browser's cookie was still trusted).
		String deviceToken = tokens.deviceToken();
		if (deviceToken != null) {
			response.addHeader(HttpHeaders.SET_COOKIE, deviceCookie(deviceToken).toString());
		}
		return ResponseEntity.ok().body(tokens.user());
	}

	/**
	 * Always succeeds: the server-side session and its login end, and the browser is told
	 * to drop what it cached and stored. The device cookie survives on purpose: it is
	 * what lets this person in while someone else locks the account.
	 */
	@DeleteMapping("/web/session")
	ResponseEntity<Void> logout(HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			BrowserLogin login = BrowserLogin.of(session.getAttribute(BrowserLogin.ATTRIBUTE));
			if (login != null) {
				end(login);
			}
			session.invalidate();
		}
		response.addHeader(HttpHeaders.SET_COOKIE, expiredSessionCookie(request).toString());
		return ResponseEntity.noContent().header("Clear-Site-Data", "\"cache\", \"storage\"").build();
	}

	private @Nullable String device(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (this.deviceCookie.equals(cookie.getName())) {
				return cookie.getValue();
			}
		}
		return null;
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

	private ResponseCookie deviceCookie(String token) {
		return ResponseCookie.from(this.deviceCookie, token)
			.httpOnly(true)
			.secure(this.secureCookies)
			.sameSite("Strict")
			.path("/")
			.maxAge(DeviceTokens.LIFETIME)
			.build();
	}

	private ResponseCookie expiredSessionCookie(HttpServletRequest request) {
		String name = request.getServletContext().getSessionCookieConfig().getName();
		return ResponseCookie.from((name != null) ? name : "JSESSIONID", "")
			.httpOnly(true)
			.secure(this.secureCookies)
			.sameSite("Lax")
			.path("/")
			.maxAge(0)
			.build();
	}

	record WebLoginRequest(@Nullable String username, @Nullable String password, @Nullable String totpCode,
			LoginSecondStep.@Nullable PasskeyProof passkey) {

		@Override
		public String toString() {
			return "WebLoginRequest[<redacted>]";
		}

	}

}
