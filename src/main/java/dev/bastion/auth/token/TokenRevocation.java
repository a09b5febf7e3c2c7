package dev.bastion.auth.token;

import java.time.Instant;
import java.util.UUID;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Answers, cheaply and for every request, whether a token that verifies was revoked
 * since: by its own id, by its login (session), or by everything of its account.
 */
public interface TokenRevocation {

	boolean isTokenRevoked(String jti);

	boolean isSessionRevoked(UUID sessionId);

	/**
	 * Whether the account is gone, deactivated, or revoked its tokens after
	 * {@code issuedAt}.
	 */
	boolean isAccountRevoked(UUID accountId, Instant issuedAt);

	/** A token without the claims that tie it to a login counts as revoked. */
	default boolean isRevoked(Jwt jwt) {
		String jti = jwt.getId();
		String sid = jwt.getClaimAsString(AccessTokens.SESSION_CLAIM);
		String subject = jwt.getSubject();
		Instant issuedAt = jwt.getIssuedAt();
		if (jti == null || sid == null || subject == null || issuedAt == null) {
			return true;
		}
		return isTokenRevoked(jti) || isSessionRevoked(UUID.fromString(sid))
				|| isAccountRevoked(UUID.fromString(subject), issuedAt);
	}

}
