package dev.bastion.auth.sso;

import java.time.Clock;
import java.util.Objects;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.util.StringUtils;

import dev.bastion.auth.SsoProperties;
import dev.bastion.auth.login.ExternalLogins;

/**
 * Single sign-on, on only when {@code OIDC_ISSUER} is set (the settings are validated
 * either way: half a configuration refuses to start).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SsoProperties.class)
class SsoConfiguration {

	/** Where the browser starts a sign-in: {@code /web/sso/authorize/oidc}. */
	static final String AUTHORIZE_BASE = "/web/sso/authorize";

	@Configuration(proxyBeanMethods = false)
	@Conditional(SsoConfigured.class)
	static class SsoOn {

		@Bean
		DiscoveredProvider ssoProvider(SsoProperties properties) {
			return new DiscoveredProvider(properties, Objects.requireNonNullElse(properties.publicUrl(), ""));
		}

		@Bean
		SsoLoginHandler ssoLoginHandler(SsoAccounts accounts, ExternalLogins logins, SsoProperties properties,
				DiscoveredProvider provider, Clock clock) {
			return new SsoLoginHandler(accounts, logins, properties, provider,
					Objects.requireNonNullElse(properties.publicUrl(), ""), clock);
		}

		/**
		 * The audience of the provider's redirects: only the start of a sign-in and the
		 * callback. Spring's OAuth2 login does the protocol; its authentication is never
		 * kept (a request-scoped security context), and no client or token of the
		 * provider is stored: Bastion needs the provider only to sign in.
		 */
		@Bean
		@Order(1)
		SecurityFilterChain ssoFilterChain(HttpSecurity http, DiscoveredProvider provider, SsoLoginHandler handler) {
			http.securityMatcher(AUTHORIZE_BASE + "/*", DiscoveredProvider.CALLBACK_BASE + "/*")
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.oauth2Login((login) -> login.clientRegistrationRepository(provider)
					.authorizedClientRepository(new NoAuthorizedClients())
					.authorizationEndpoint((endpoint) -> endpoint.baseUri(AUTHORIZE_BASE)
						.authorizationRequestRepository(new SessionAuthorizationRequests()))
					.redirectionEndpoint((endpoint) -> endpoint.baseUri(DiscoveredProvider.CALLBACK_BASE + "/*"))
					.loginPage("/")
					.successHandler(handler)
					.failureHandler(handler)
					.withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
						@Override
						public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
							// A provider that cannot be reached: the login page says so,
							// instead of a 500.
							filter.setAuthenticationFailureHandler(handler);
							return filter;
						}
					}))
				.securityContext(
						(context) -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
				// The handler starts a fresh session itself, as every login does.
				.sessionManagement((session) -> session.sessionFixation((fixation) -> fixation.none()))
				.headers((headers) -> headers.disable())
				.requestCache((cache) -> cache.disable())
				.logout((logout) -> logout.disable());
			return http.build();
		}

	}

	/** Whether {@code OIDC_ISSUER} is set. */
	static final class SsoConfigured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return StringUtils.hasText(context.getEnvironment().getProperty("bastion.sso.issuer"));
		}

	}

}
