package dev.bastion.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
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

	public static VerifiedTokens create(SigningKeys keys, TokenRevocation revocation, Clock clock) {
		NimbusJwtDecoder signed = "HS256".equals(keys.algorithm().getName())
				? NimbusJwtDecoder.withSecretKey(keys.secretKey())
					.macAlgorithm(MacAlgorithm.HS256)
					.jwtProcessorCustomizer(AccessTokenDecoder::requireAccessTokenType)
					.build()
				: NimbusJwtDecoder.withJwkSource(keys.source())
					.jwsAlgorithm(SignatureAlgorithm.ES256)
					.jwtProcessorCustomizer(AccessTokenDecoder::requireAccessTokenType)
					.build();
		signed.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				List.of(new JwtIssuerValidator(AccessTokens.ISSUER), new JwtClaimValidator<List<String>>("aud",
						(aud) -> aud != null && aud.contains(AccessTokens.ISSUER)))));
		return new VerifiedTokens(signed, keys, expiry(clock), revoked(revocation));
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

	/**
	 * Remembers which token strings carry a valid signature and claims, so that the
	 * signature is checked once per token rather than once per request; whether its key
	 * is still trusted, expiry and revocation are checked on every request.
	 */
	public static final class VerifiedTokens implements JwtDecoder {

		private static final int MAX_TOKENS = 20_000;

		private static final Duration REMEMBER_FOR = Duration.ofMinutes(5);

		private static final String UNTRUSTED_KEY = "The key that signed the access token is no longer trusted.";

		private final JwtDecoder signed;

		private final SigningKeys keys;

		private final OAuth2TokenValidator<Jwt> expiry;

		private final OAuth2TokenValidator<Jwt> everyRequest;

		private final Cache<String, Jwt> verified = Caffeine.newBuilder()
			.maximumSize(MAX_TOKENS)
			.expireAfterWrite(REMEMBER_FOR)
			.build();

		VerifiedTokens(JwtDecoder signed, SigningKeys keys, OAuth2TokenValidator<Jwt> expiry,
				OAuth2TokenValidator<Jwt> revocation) {
			this.signed = signed;
			this.keys = keys;
			this.expiry = expiry;
			this.everyRequest = new DelegatingOAuth2TokenValidator<>(List.of(expiry, revocation));
		}

		@Override
		public Jwt decode(String token) {
			Jwt jwt = this.verified.get(token, this.signed::decode);
			if (!this.keys.trusts(keyId(jwt))) {
				// Alone, so that no other failure (expired, revoked) is reported instead.
				this.verified.invalidate(token);
				throw new JwtValidationException(UNTRUSTED_KEY,
						List.of(new OAuth2Error(TokenFailure.INVALID, UNTRUSTED_KEY, null)));
			}
			OAuth2TokenValidatorResult result = this.everyRequest.validate(jwt);
			if (result.hasErrors()) {
				throw new JwtValidationException(Objects.requireNonNullElse(
						result.getErrors().iterator().next().getDescription(), "invalid token"), result.getErrors());
			}
			return jwt;
		}

		/**
		 * The claims of a token this instance has verified before and that has not
		 * expired, without a signature check and <em>without a revocation check</em>;
		 * null for any other token.
		 */
		public @Nullable Jwt verifiedBefore(String token) {
			Jwt jwt = this.verified.getIfPresent(token);
			return (jwt != null && this.keys.trusts(keyId(jwt)) && !this.expiry.validate(jwt).hasErrors()) ? jwt : null;
		}

		private static @Nullable String keyId(Jwt jwt) {
			return (jwt.getHeaders().get(JoseHeaderNames.KID) instanceof String kid) ? kid : null;
		}

	}

	private static OAuth2TokenValidator<Jwt> revoked(TokenRevocation revocation) {
		return (jwt) -> revocation.isRevoked(jwt)
				? TokenFailure.of(TokenFailure.REVOKED, "The access token has been revoked.")
				: OAuth2TokenValidatorResult.success();
	}

}
