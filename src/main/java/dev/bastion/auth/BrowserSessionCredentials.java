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

import dev.bastion.auth.login.ClientInfo;
import dev.bastion.auth.login.Logins;
import dev.bastion.auth.login.TokenResponse;
import dev.bastion.auth.session.BrowserLogin;
import dev.bastion.auth.session.Revocations;
import dev.bastion.auth.token.AccessTokens;
import dev.bastion.auth.token.SigningKeys;
import dev.bastion.system.BastionException;
import dev.bastion.system.Secret;
import dev.bastion.websession.WebSessionLocks;

/**
 * Turns a browser's session into the Bearer credential of its login, so a request from
 * the web UI is authenticated exactly like an API call with that access token (signature,
 * revocation of the token, its login or the account). The access token is renewed by
 * refresh rotation shortly before it expires, once its signing key is no longer trusted
 * (rotated out as compromised), or once the account refuses tokens issued before (a role
 * change); past the absolute timeout, or once the login is revoked, the session ends. A
 * session that ends in any way (logout, idle timeout) ends its login, so it leaves the
 * user's session list. The session is kept in the database and may be served by any
 * instance: the renewal happens under a lock that holds across instances, so parallel
 * requests rotate the tokens once.
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

	private final WebSessionLocks locks;

	BrowserSessionCredentials(Logins logins, SigningKeys keys, Clock clock, Revocations revocations,
			WebSessionLocks locks) {
		this.logins = logins;
		this.keys = keys;
		this.clock = clock;
		this.revocations = revocations;
		this.locks = locks;
	}

	/**
	 * The Bearer credential of the request's browser session, or null when it has none.
	 * Not a Spring Security {@code AuthenticationConverter} bean on purpose: the resource
	 * server would take such a bean as its way to read Bearer headers.
	 * @throws CredentialsExpiredException when the session's login has ended
	 */
	public @Nullable Authentication credentials(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		BrowserLogin login = (session != null) ? BrowserLogin.of(session.getAttribute(BrowserLogin.ATTRIBUTE)) : null;
		if (session == null || login == null) {
			return null;
		}
		Instant now = this.clock.instant();
		if (!now.isBefore(login.endsAt())) {
			session.invalidate();
			throw new CredentialsExpiredException("The web session has reached its absolute timeout.");
		}
		if (isUsable(login, now)) {
			return new BearerTokenAuthenticationToken(login.accessToken().reveal());
		}
		Renewal renewal = this.locks.locked(session, BrowserLogin.ATTRIBUTE,
				(stored) -> renew(stored, ClientInfo.of(request), now));
		Secret accessToken = renewal.accessToken();
		if (accessToken == null) {
			session.invalidate();
			String ended = "The login of this web session has ended.";
			Throwable failure = renewal.failure();
			throw (failure != null) ? new CredentialsExpiredException(ended, failure)
					: new CredentialsExpiredException(ended);
		}
		return new BearerTokenAuthenticationToken(accessToken.reveal());
	}

	private boolean isUsable(BrowserLogin login, Instant now) {
		return now.plus(RENEW_BEFORE).isBefore(login.accessExpiresAt()) && stillGood(login);
	}

	/**
	 * With the session locked on every instance: the login as stored now, renewed unless
	 * a parallel request of the same session has just done it. A refresh that fails is
	 * not thrown out of the lock, so that what it wrote (the login ended on a replayed
	 * token) is committed.
	 */
	private Renewal renew(WebSessionLocks.Locked stored, ClientInfo client, Instant now) {
		BrowserLogin latest = BrowserLogin.of(stored.value());
		if (latest == null) {
			return new Renewal(null, null);
		}
		if (isUsable(latest, now)) {
			return new Renewal(latest.accessToken(), null);
		}
		try {
			TokenResponse tokens = this.logins.refresh(latest.refreshToken(), client);
			stored.replace(
					latest.rotated(tokens.accessToken(), now.plusSeconds(tokens.expiresIn()), tokens.refreshToken())
						.text());
			return new Renewal(tokens.accessToken(), null);
		}
		catch (BastionException ex) {
			return new Renewal(null, ex);
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
			SignedJWT token = SignedJWT.parse(login.accessToken().reveal());
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

	/** A renewed access token, or why there is none. */
	private record Renewal(@Nullable Secret accessToken, @Nullable BastionException failure) {

	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		BrowserLogin login = BrowserLogin.of(event.getSession().getAttribute(BrowserLogin.ATTRIBUTE));
		if (login != null) {
			try {
				this.logins.revokeSession(login.familyId());
			}
			catch (RuntimeException ex) {
				logger.warn("Could not end the login of an expired web session", ex);
			}
		}
	}

}
