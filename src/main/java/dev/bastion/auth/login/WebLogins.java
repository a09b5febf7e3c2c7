package dev.bastion.auth.login;

import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

import dev.bastion.account.Profile;
import dev.bastion.auth.AuthProperties;
import dev.bastion.auth.session.BrowserLogin;
import dev.bastion.auth.session.Sessions;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.system.Secret;

/**
 * Keeps a login in a browser's server-side session, whatever proved it (password,
 * passkey, single sign-on): a fresh session id at every login, the tokens only in the
 * session, and an HttpOnly device cookie that lets the real user past a lock someone else
 * caused.
 */
@Component
final class WebLogins {

	private final Sessions sessions;

	private final Duration absoluteTimeout;

	private final boolean secureCookies;

	private final String deviceCookie;

	WebLogins(Sessions sessions, AuthProperties properties, ServerProperties server) {
		Duration absoluteTimeout = properties.webSessionAbsolute();
		boolean secureCookies = Boolean.TRUE.equals(server.getServlet().getSession().getCookie().getSecure());
		if (absoluteTimeout.isNegative() || absoluteTimeout.isZero()) {
			throw new InsecureConfigurationException("WEB_SESSION_ABSOLUTE", "must be a positive duration",
					"Use the default of 12h, or a duration such as 8h.");
		}
		this.sessions = sessions;
		this.absoluteTimeout = absoluteTimeout;
		this.secureCookies = secureCookies;
		// The __Host- prefix pins the cookie to this host and path, and needs Secure.
		this.deviceCookie = secureCookies ? "__Host-bastion-device" : "bastion-device";
	}

	/** How long a browser's login lasts at most ({@code WEB_SESSION_ABSOLUTE}). */
	Duration lifetime() {
		return this.absoluteTimeout;
	}

	boolean secureCookies() {
		return this.secureCookies;
	}

	/**
	 * Keeps {@code tokens}, from a login that began at {@code started}, in a new session;
	 * the session the request came with, if any, ends.
	 */
	Profile keep(TokenResponse tokens, Instant started, HttpServletRequest request, HttpServletResponse response) {
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
		Secret deviceToken = tokens.deviceToken();
		if (deviceToken != null) {
			response.addHeader(HttpHeaders.SET_COOKIE, deviceCookie(deviceToken.reveal()).toString());
		}
		return tokens.user();
	}

	/** The device token this browser holds, if any. */
	@Nullable Secret device(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (this.deviceCookie.equals(cookie.getName())) {
				return Secret.of(cookie.getValue());
			}
		}
		return null;
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

}
