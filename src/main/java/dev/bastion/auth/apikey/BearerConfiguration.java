package dev.bastion.auth.apikey;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

import dev.bastion.auth.token.AccessTokens;

/**
 * The API's Bearer credentials: an API key or an access token, told apart by the key's
 * prefix.
 */
@Configuration(proxyBeanMethods = false)
class BearerConfiguration {

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
