package dev.bastion.auth;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

import dev.bastion.auth.token.SigningKeys;
import dev.bastion.system.BastionException;

/**
 * Turns a browser's session into the Bearer credential of its login, so a request from
 * the web UI is authenticated exactly like an API call with that access token (signature,
 * revocation of the token, its login or the account). The access token is renewed by
 * refresh rotation shortly before it expires, or once its signing key is no longer
 * trusted (rotated out as compromised); past the absolute timeout, or once the login is
 * revoked, the session ends. A session that ends in any way (logout, idle timeout) ends
 * its login, so it leaves the user's session list.
 */
@Component
public final class BrowserSessionCredentials implements HttpSessionListener {

	private static final Logger logger = LoggerFactory.getLogger(BrowserSessionCredentials.class);

	/** Renew the access token when less than this is left of it. */
	private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

	private final Logins logins;

	private final SigningKeys keys;

	private final Clock clock;

	BrowserSessionCredentials(Logins logins, SigningKeys keys, Clock clock) {
		this.logins = logins;
		this.keys = keys;
		this.clock = clock;
	}

	/**
	 * The Bearer credential of the request's browser session, or null when it has none.
	 * Not a Spring Security {@code AuthenticationConverter} bean on purpose: the resource
	 * server would take such a bean as its way to read Bearer headers.
	 * @throws CredentialsExpiredException when the session's login has ended
	 */
	public @Nullable Authentication credentials(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(BrowserLogin.ATTRIBUTE) instanceof BrowserLogin login)) {
			return null;
		}
		Instant now = this.clock.instant();
		if (!now.isBefore(login.endsAt())) {
			session.invalidate();
			throw new CredentialsExpiredException("The web session has reached its absolute timeout.");
		}
		return new BearerTokenAuthenticationToken(currentAccessToken(login, request, session, now));
	}

	private String currentAccessToken(BrowserLogin login, HttpServletRequest request, HttpSession session,
			Instant now) {
		synchronized (login) {
			if (now.plus(RENEW_BEFORE).isBefore(login.accessExpiresAt())
					&& this.keys.trusts(keyId(login.accessToken()))) {
				return login.accessToken();
			}
			try {
				TokenResponse tokens = this.logins.refresh(login.refreshToken(), ClientInfo.of(request));
				login.rotated(tokens.accessToken(), now.plusSeconds(tokens.expiresIn()), tokens.refreshToken());
				return tokens.accessToken();
			}
			catch (BastionException ex) {
				session.invalidate();
				throw new CredentialsExpiredException("The login of this web session has ended.", ex);
			}
		}
	}

	private static @Nullable String keyId(String accessToken) {
		try {
			return SignedJWT.parse(accessToken).getHeader().getKeyID();
		}
		catch (ParseException ex) {
			return null;
		}
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		if (event.getSession().getAttribute(BrowserLogin.ATTRIBUTE) instanceof BrowserLogin login) {
			try {
				this.logins.revokeSession(login.familyId());
			}
			catch (RuntimeException ex) {
				logger.warn("Could not end the login of an expired web session", ex);
			}
		}
	}

}
