package dev.bastion.auth;

import java.time.Clock;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.bastion.auth.token.AccessTokenDecoder;
import dev.bastion.auth.token.AccessTokens;
import dev.bastion.auth.token.SigningKeys;
import dev.bastion.auth.token.TokenRevocation;
import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.system.Secret;
import dev.bastion.crypto.MasterSecret;
import dev.bastion.crypto.Secrets;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
@EnableScheduling
class AuthConfiguration {

	private static final String BEARER = "Bearer ";

	@Bean
	SigningKeys signingKeys(AuthProperties properties, JdbcClient jdbc, Secrets secrets, Clock clock) {
		Secret secret = properties.jwtSecretKey();
		return (secret != null && properties.staticSigningKey()) ? SigningKeys.fixed(secret.reveal(), secrets)
				: SigningKeys.rotatable(jdbc, secrets, clock, properties.accessTokenTtl(),
						properties.signingKeyReload());
	}

	/**
	 * In production, a guessable HS256 key lets anyone forge tokens, and reset links must
	 * not travel over plain HTTP.
	 */
	@Bean
	InitializingBean authSafeInProduction(AuthProperties properties, Environment environment) {
		return () -> {
			if (!environment.matchesProfiles("production")) {
				return;
			}
			Secret jwtSecret = properties.jwtSecretKey();
			if (jwtSecret != null && properties.staticSigningKey() && MasterSecret.isPlaceholder(jwtSecret.reveal())) {
				throw new InsecureConfigurationException("JWT_SECRET_KEY",
						"looks like a placeholder, not a random secret",
						"Replace it with random bytes (`openssl rand -hex 32`), or unset it for rotatable keys.");
			}
			if (!properties.httpsPublicUrl()) {
				throw new InsecureConfigurationException("PUBLIC_URL", "is not an https:// address in production",
						"Set PUBLIC_URL to the https:// address users reach Bastion at, e.g. https://bastion.example.org.");
			}
		};
	}

	@Bean
	AccessTokens accessTokens(SigningKeys keys, AuthProperties properties, Clock clock) {
		return new AccessTokens(keys, properties.accessTokenTtl(), clock);
	}

	@Bean
	AccessTokenDecoder.VerifiedTokens jwtDecoder(SigningKeys keys, TokenRevocation revocations, Clock clock) {
		return AccessTokenDecoder.create(keys, revocations, clock);
	}

	@Bean
	CallerHints callerHints(AccessTokenDecoder.VerifiedTokens tokens) {
		return (request) -> {
			String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
				return null;
			}
			Jwt jwt = tokens.verifiedBefore(authorization.substring(BEARER.length()));
			return (jwt != null) ? jwt.getSubject() : null;
		};
	}

}
