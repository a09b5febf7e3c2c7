package dev.bastion.auth;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jwt.JWTClaimsSet;
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

import dev.bastion.auth.token.AccessTokens;
import dev.bastion.auth.token.SigningKeys;
import dev.bastion.system.BastionException;

/**
 * Turns a browser's session into the Bearer credential of its login, so a request from
 * the web UI is authenticated exactly like an API call with that access token (signature,
 * revocation of the token, its login or the account). The access token is renewed by
 * refresh rotation shortly before it expires, once its signing key is no longer trusted
 * (rotated out as compromised), or once the account refuses tokens issued before (a role
 * change); past the absolute timeout, or once the login is revoked, the session ends. A
 * session that ends in any way (logout, idle timeout) ends its login, so it leaves the
 * user's session list.
 */
@Component
public final class BrowserSessionCredentials implements HttpSessionListener {

	private static final Logger logger = LoggerFactory.getLogger(BrowserSessionCredentials.class);

	/** Renew the access token when less than this is left of it. */
	private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

	private final Logins logins;

	private final SigningKeys keys;

	private final Clock clock;

	private final Revocations revocations;

	BrowserSessionCredentials(Logins logins, SigningKeys keys, Clock clock, Revocations revocations) {
		this.logins = logins;
		this.keys = keys;
		this.clock = clock;
		this.revocations = revocations;
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
			if (now.plus(RENEW_BEFORE).isBefore(login.accessExpiresAt()) && stillGood(login)) {
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

	/**
	 * Whether the token's key is still trusted and the account still takes it: not
	 * refused since it was issued, and with the account's role (a promotion or demotion
	 * changes that). Otherwise a refresh decides: it succeeds, with the account's current
	 * role, only while the login itself is alive.
	 */
	private boolean stillGood(BrowserLogin login) {
		try {
			SignedJWT token = SignedJWT.parse(login.accessToken());
			JWTClaimsSet claims = token.getJWTClaimsSet();
			Date issuedAt = claims.getIssueTime();
			return this.keys.trusts(token.getHeader().getKeyID()) && issuedAt != null
					&& !this.revocations.isAccountRevoked(login.accountId(), issuedAt.toInstant()) && this.revocations
						.hasCurrentRole(login.accountId(), claims.getStringListClaim(AccessTokens.ROLES_CLAIM));
		}
		catch (ParseException ex) {
			return false;
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
