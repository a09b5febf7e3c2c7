package dev.bastion.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import dev.bastion.system.Secret;

/**
 * Issues access tokens: short-lived JWTs (RFC 9068 {@code at+jwt}) naming the account,
 * its role and the login ({@code sid}) they belong to.
 */
public final class AccessTokens {

	/** The {@code typ} header of access tokens; nothing else is accepted as one. */
	public static final String TYPE = "at+jwt";

	public static final String ISSUER = "bastion";

	public static final String SESSION_CLAIM = "sid";

	public static final String ROLES_CLAIM = "roles";

	private final SigningKeys keys;

	private final JwtEncoder encoder;

	private final Duration ttl;

	private final Clock clock;

	public AccessTokens(SigningKeys keys, Duration ttl, Clock clock) {
		this.keys = keys;
		this.encoder = new NimbusJwtEncoder(keys.source());
		this.ttl = ttl;
		this.clock = clock;
	}

	/**
	 * A token for the login. Token times have whole seconds, and a revocation refuses
	 * every token of its second: one issued after it, still in that second, says it was
	 * issued at {@code tokensValidAfter} (the account's), or it would be refused too.
	 */
	public IssuedToken issue(UUID accountId, String username, String role, UUID sessionId, Instant tokensValidAfter) {
		Instant now = this.clock.instant();
		Instant issuedAt = now.isBefore(tokensValidAfter) ? tokensValidAfter : now;
		String jti = UUID.randomUUID().toString();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(ISSUER)
			.subject(accountId.toString())
			.audience(List.of(ISSUER))
			.issuedAt(issuedAt)
			.notBefore(now)
			.expiresAt(now.plus(this.ttl))
			.id(jti)
			.claim("preferred_username", username)
			.claim(ROLES_CLAIM, List.of(role))
			.claim(SESSION_CLAIM, sessionId.toString())
			.build();
		JwsHeader.Builder header = "HS256".equals(this.keys.algorithm().getName()) ? JwsHeader.with(MacAlgorithm.HS256)
				: JwsHeader.with(SignatureAlgorithm.ES256);
		String token = this.encoder
			.encode(JwtEncoderParameters.from(header.keyId(this.keys.activeKid()).type(TYPE).build(), claims))
			.getTokenValue();
		return new IssuedToken(Secret.of(token), jti, now.plus(this.ttl));
	}

	public Duration ttl() {
		return this.ttl;
	}

	/** A signed token, its id and its expiry. */
	public record IssuedToken(Secret value, String jti, Instant expiresAt) {

	}

}
