package dev.bastion.reference.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * An ES256 key made at start, the decoder Boot's resource server uses (Nimbus, the
 * algorithm pinned, Spring Security's default validators plus the issuer), and one token
 * with the claims of Bastion's access tokens (but {@code typ} {@code JWT}, which stock
 * Nimbus expects), written to {@code reference.token-file} for the benchmark. Boot has no
 * property for a local EC key, hence the decoder bean.
 */
@Configuration(proxyBeanMethods = false)
class BenchTokens {

	private static final String ISSUER = "reference";

	@Bean
	ECKey signingKey() throws JOSEException {
		return new ECKeyGenerator(Curve.P_256).keyID("bench").algorithm(JWSAlgorithm.ES256).generate();
	}

	@Bean
	JwtDecoder jwtDecoder(ECKey signingKey) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder
			.withJwkSource(new ImmutableJWKSet<>(new JWKSet(signingKey.toPublicJWK())))
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
		return decoder;
	}

	@Bean
	ApplicationRunner writeToken(ECKey signingKey, @Value("${reference.token-file}") String tokenFile) {
		return (arguments) -> {
			if (!tokenFile.isEmpty()) {
				write(Path.of(tokenFile), mint(signingKey));
			}
		};
	}

	private static String mint(ECKey signingKey) {
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(ISSUER)
			.subject(UUID.randomUUID().toString())
			.audience(List.of(ISSUER))
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(Duration.ofDays(1)))
			.id(UUID.randomUUID().toString())
			.claim("preferred_username", "bench")
			.claim("roles", List.of("USER"))
			.claim("sid", UUID.randomUUID().toString())
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.ES256).keyId("bench").type("JWT").build();
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)))
			.encode(JwtEncoderParameters.from(header, claims))
			.getTokenValue();
	}

	private static void write(Path file, String token) throws IOException {
		Path partial = file.resolveSibling(file.getFileName() + ".partial");
		Files.writeString(partial, token);
		// Renamed into place, so that a reader never sees half a token.
		Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
	}

}
