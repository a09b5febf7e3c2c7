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

	default boolean isRevoked(Jwt jwt) {
		String sid = jwt.getClaimAsString(AccessTokens.SESSION_CLAIM);
		Instant issuedAt = (jwt.getIssuedAt() != null) ? jwt.getIssuedAt() : Instant.EPOCH;
		return jwt.getId() == null || sid == null || isTokenRevoked(jwt.getId())
				|| isSessionRevoked(UUID.fromString(sid))
				|| isAccountRevoked(UUID.fromString(jwt.getSubject()), issuedAt);
	}

}
