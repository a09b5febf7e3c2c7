package dev.bastion.auth.session;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import dev.bastion.auth.token.AccessTokens;

/**
 * Whose call an authenticated request is, and which login it belongs to, for the
 * controllers of the caller's own things.
 */
public final class CurrentLogin {

	private CurrentLogin() {
	}

	/** The caller's account: the subject of its access token or API key. */
	public static UUID accountId(Authentication authentication) {
		return UUID.fromString(authentication.getName());
	}

	/** The login an access token belongs to; none for API keys. */
	public static @Nullable UUID currentSession(Authentication authentication) {
		String sid = (authentication instanceof JwtAuthenticationToken token)
				? token.getToken().getClaimAsString(AccessTokens.SESSION_CLAIM) : null;
		return (sid != null) ? UUID.fromString(sid) : null;
	}

}
