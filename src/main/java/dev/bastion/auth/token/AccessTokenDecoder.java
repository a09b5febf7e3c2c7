package dev.bastion.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies access tokens with Spring Security's Nimbus decoder: the algorithm is pinned
 * to the one Bastion signs with, the {@code typ} must be {@code at+jwt}, the key must be
 * one of ours by {@code kid}, and issuer, audience, expiry and revocation are checked.
 */
public final class AccessTokenDecoder {

	/** Tolerated clock difference between instances. */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private AccessTokenDecoder() {
	}

	public static JwtDecoder create(SigningKeys keys, TokenRevocation revocation, Clock clock) {
		NimbusJwtDecoder decoder = "HS256".equals(keys.algorithm().getName())
				? NimbusJwtDecoder.withSecretKey(keys.secretKey())
					.macAlgorithm(MacAlgorithm.HS256)
					.jwtProcessorCustomizer(AccessTokenDecoder::requireAccessTokenType)
					.build()
				: NimbusJwtDecoder.withJwkSource(keys.source())
					.jwsAlgorithm(SignatureAlgorithm.ES256)
					.jwtProcessorCustomizer(AccessTokenDecoder::requireAccessTokenType)
					.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(expiry(clock),
				new JwtIssuerValidator(AccessTokens.ISSUER),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null && aud.contains(AccessTokens.ISSUER)),
				revoked(revocation))));
		return decoder;
	}

	private static void requireAccessTokenType(ConfigurableJWTProcessor<?> processor) {
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(AccessTokens.TYPE)));
	}

	private static OAuth2TokenValidator<Jwt> expiry(Clock clock) {
		return (jwt) -> {
			Instant now = clock.instant();
			if (jwt.getExpiresAt() == null || now.minus(CLOCK_SKEW).isAfter(jwt.getExpiresAt())) {
				return TokenFailure.of(TokenFailure.EXPIRED, "The access token has expired.");
			}
			if (jwt.getNotBefore() != null && now.plus(CLOCK_SKEW).isBefore(jwt.getNotBefore())) {
				return TokenFailure.of(TokenFailure.INVALID, "The access token is not valid yet.");
			}
			return OAuth2TokenValidatorResult.success();
		};
	}

	private static OAuth2TokenValidator<Jwt> revoked(TokenRevocation revocation) {
		return (jwt) -> revocation.isRevoked(jwt)
				? TokenFailure.of(TokenFailure.REVOKED, "The access token has been revoked.")
				: OAuth2TokenValidatorResult.success();
	}

}
