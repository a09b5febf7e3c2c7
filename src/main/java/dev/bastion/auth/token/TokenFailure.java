package dev.bastion.auth.token;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;

/**
 * Validation failures that carry the API's error code as their OAuth2 error code, so that
 * the edge can tell an expired or revoked token from an invalid one.
 */
public final class TokenFailure {

	public static final String EXPIRED = "TOKEN_EXPIRED";

	public static final String REVOKED = "TOKEN_REVOKED";

	public static final String INVALID = "INVALID_TOKEN";

	private TokenFailure() {
	}

	static OAuth2TokenValidatorResult of(String code, String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(code, description, null));
	}

}
