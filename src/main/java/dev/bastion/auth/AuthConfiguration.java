package dev.bastion.auth;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

import dev.bastion.auth.token.AccessTokenDecoder;
import dev.bastion.auth.token.AccessTokens;
import dev.bastion.auth.token.SigningKeys;
import dev.bastion.system.MasterSecret;
import dev.bastion.system.Secrets;
import dev.bastion.system.SharedStore;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
@EnableScheduling
class AuthConfiguration {

	private static final String BEARER = "Bearer ";

	@Bean
	SigningKeys signingKeys(AuthProperties properties, JdbcClient jdbc, Secrets secrets, Clock clock) {
		String secret = properties.jwtSecretKey();
		return (secret != null && properties.staticSigningKey()) ? SigningKeys.fixed(secret, secrets)
				: SigningKeys.rotatable(jdbc, secrets, clock, properties.accessTokenTtl());
	}

	@Bean
	AccessTokens accessTokens(SigningKeys keys, AuthProperties properties, Clock clock) {
		return new AccessTokens(keys, properties.accessTokenTtl(), clock);
	}

	@Bean
	AccessTokenDecoder.VerifiedTokens jwtDecoder(SigningKeys keys, Revocations revocations, Clock clock) {
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

	@Bean
	LoginAttempts loginAttempts(AuthProperties properties, Clock clock, SharedStore shared) {
		return new LoginAttempts(properties.maxLoginAttempts(), properties.lockoutWindow(),
				properties.lockoutDuration(), clock, shared);
	}

	@Bean
	DeviceTokens deviceTokens(MasterSecret secret, Clock clock) {
		return new DeviceTokens(secret, clock);
	}

	@Bean
	TotpCodes totpCodes(Clock clock) {
		return new TotpCodes(clock);
	}

	/**
	 * How the API's filter chain authenticates a Bearer credential: {@code bst_} keys are
	 * API keys, anything else must be one of our access tokens.
	 */
	@Bean
	AuthenticationManagerResolver<HttpServletRequest> bearerAuthentication(JwtDecoder decoder, ApiKeys apiKeys) {
		JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(decoder);
		jwt.setJwtAuthenticationConverter(jwtAuthenticationConverter());
		AuthenticationManager manager = (authentication) -> {
			if (authentication instanceof BearerTokenAuthenticationToken bearer
					&& bearer.getToken().startsWith(ApiKeys.PREFIX)) {
				return apiKeys.authenticate(bearer.getToken());
			}
			return jwt.authenticate(authentication);
		};
		return (request) -> manager;
	}

	private static Converter<Jwt, AbstractAuthenticationToken> jwtAuthenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(AccessTokens.ROLES_CLAIM);
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

}
