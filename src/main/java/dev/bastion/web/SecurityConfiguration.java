package dev.bastion.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.web.util.UrlPathHelper;

import dev.bastion.auth.ApiKeyCredential;
import dev.bastion.auth.BrowserSessionCredentials;

/**
 * One filter chain per audience. The JSON API is stateless and authenticated by Bearer
 * access tokens or API keys (verified by the {@code auth} module's resolver), so it never
 * creates or reads a session cookie; the pages use a session cookie and CSRF tokens, and
 * so do the web UI's API calls, which carry the session cookie instead of a token.
 * Security headers are written by {@link SecurityHeadersFilter} for every response, so
 * Spring Security's own header writers are off.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Chat paths that anonymous callers may use when REQUIRE_AUTH is false. */
	static final String[] ANONYMOUS_CHAT = { "/api/v1/chat", "/api/v1/sessions", "/api/v1/voice" };

	/** Where browsers send CSP violation reports. */
	static final String CSP_REPORTS = "/api/v1/csp-reports";

	/**
	 * Besides {@link #ANONYMOUS_CHAT} and {@code /v1/**}, what an API key may read: the
	 * models it may choose, the caller's conversations, profile, usage and presets (it
	 * chats with them; changing one needs a login). Everything else refuses it.
	 */
	static final String[] API_KEY_READS = { "/api/v1/models", "/api/v1/sessions", "/api/v1/sessions/*/messages",
			"/api/v1/users/me", "/api/v1/users/me/usage", "/api/v1/users/me/presets", "/api/v1/users/me/presets/*" };

	/** What an API key may rename or delete: one of its account's conversations. */
	static final String API_KEY_CONVERSATION = "/api/v1/sessions/*";

	/** API paths anyone may call (still rate limited). */
	static final String[] PUBLIC_API = { "/api/v1/health", CSP_REPORTS, "/api/v1/auth/register",
			"/api/v1/auth/registration", "/api/v1/auth/login", "/api/v1/auth/refresh",
			"/api/v1/auth/password/reset-request", "/api/v1/auth/password/reset", "/api/v1/setup",
			"/api/v1/auth/passkey/options", "/api/v1/auth/passkey/login" };

	@Bean
	ProblemSecurityHandlers problemSecurityHandlers(ProblemResponses problems) {
		return new ProblemSecurityHandlers(problems);
	}

	/**
	 * No observations of Spring Security's own: one around every filter of every chain,
	 * every authentication and every authorization was a quarter of the CPU of a request,
	 * for timers no operator reads. The HTTP server's observation of each request (the
	 * {@code http_server_requests} metrics of the management port) stays.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Spring Security's default firewall, its header checks without regular expressions.
	 */
	@Bean
	static HttpFirewall httpFirewall() {
		return HeaderCharacters.firewall();
	}

	/**
	 * The probes on the main port: answered by {@link ProbeFilter} before any other
	 * filter of this chain; no session, no CSRF token cookie (nothing here takes a form).
	 */
	@Bean
	@Order(-1)
	SecurityFilterChain healthProbeFilterChain(HttpSecurity http, ProblemSecurityHandlers handlers,
			HealthEndpoint health, ObjectProvider<HttpCodeStatusMapper> statusCodes) {
		http.securityMatcher(ProbeFilter::isProbe)
			.addFilterBefore(new ProbeFilter(health, statusCodes.getIfAvailable(HttpCodeStatusMapper::getDefault)),
					DisableEncodeUrlFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((session) -> session.disable())
			.securityContext(
					(context) -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.csrf((csrf) -> csrf.disable())
			.logout((logout) -> logout.disable());
		return withProblems(http, handlers).build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiFilterChain(HttpSecurity http, ProblemSecurityHandlers handlers,
			AuthenticationManagerResolver<HttpServletRequest> bearerAuthentication, WebProperties properties) {
		http.securityMatcher("/api/**", "/v1/**")
			.authorizeHttpRequests((requests) -> apiRules(requests, properties.requireAuth()))
			.oauth2ResourceServer((bearer) -> bearer.authenticationManagerResolver(bearerAuthentication)
				.bearerTokenResolver(new BearerHeaderResolver())
				.authenticationEntryPoint(handlers)
				.accessDeniedHandler(handlers))
			// A session cookie sent along with a Bearer token is left alone (no id
			// change).
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
				.sessionFixation((fixation) -> fixation.none()))
			// Bearer tokens are never sent by the browser on its own, so there is nothing
			// to forge.
			.csrf((csrf) -> csrf.disable())
			.logout((logout) -> logout.disable());
		return withProblems(http, handlers).build();
	}

	/**
	 * API calls from the web UI: they carry the session cookie and no Authorization
	 * header. The session stands for its login's access token, checked on every request
	 * as in the API chain, under the same rules; CSRF tokens are required because the
	 * browser sends the cookie by itself. CSP reports are excluded: browsers send them
	 * without a token.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain browserApiFilterChain(HttpSecurity http, ProblemSecurityHandlers handlers,
			AuthenticationManagerResolver<HttpServletRequest> bearerAuthentication,
			BrowserSessionCredentials browserSessionCredentials, WebProperties properties) {
		SecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();
		http.securityMatcher(SecurityConfiguration::isBrowserApiCall)
			.authorizeHttpRequests((requests) -> apiRules(requests, properties.requireAuth()))
			.addFilterBefore(
					new BrowserSessionFilter(browserSessionCredentials, bearerAuthentication, handlers, contexts),
					AnonymousAuthenticationFilter.class)
			// The session belongs to the login at /web/session, which renews its id; here
			// it
			// must stay as it is, or parallel calls would find their session id gone.
			.sessionManagement((session) -> session.disable())
			.securityContext((context) -> context.securityContextRepository(contexts))
			.csrf((csrf) -> csrf.spa().csrfTokenRepository(csrfTokenRepository(properties.requireHttps())))
			.logout((logout) -> logout.disable());
		return withProblems(http, handlers).build();
	}

	/**
	 * What every chain shares: errors as problem documents, no saved requests, and no
	 * headers from Spring Security ({@link SecurityHeadersFilter} writes them).
	 */
	private static HttpSecurity withProblems(HttpSecurity http, ProblemSecurityHandlers handlers) {
		return http.headers((headers) -> headers.disable())
			.requestCache((cache) -> cache.disable())
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(handlers).accessDeniedHandler(handlers));
	}

	static boolean isBrowserApiCall(HttpServletRequest request) {
		String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
		// The session id last: asking for it looks the session up in the database.
		return path.startsWith("/api/") && !path.equals(CSP_REPORTS)
				&& request.getHeader(HttpHeaders.AUTHORIZATION) == null && request.getRequestedSessionId() != null;
	}

	/**
	 * One set of rules for every API call, whichever way it is authenticated. An API key
	 * (a lasting credential for programs) may chat and read what chat needs; managing the
	 * account, its credentials, or anything as an admin needs a login.
	 */
	private static void apiRules(
			AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
			boolean requireAuth) {
		AuthorizationManager<RequestAuthorizationContext> notApiKey = AuthorizationManagers
			.not(AuthorityAuthorizationManager.hasAuthority(ApiKeyCredential.AUTHORITY));
		requests.requestMatchers(PUBLIC_API)
			.permitAll()
			.requestMatchers(HttpMethod.POST, ANONYMOUS_CHAT)
			.access((authentication,
					context) -> new AuthorizationDecision(!requireAuth || authentication.get().isAuthenticated()
							&& !(authentication.get() instanceof AnonymousAuthenticationToken)))
			.requestMatchers(HttpMethod.GET, API_KEY_READS)
			.authenticated()
			.requestMatchers(HttpMethod.DELETE, API_KEY_CONVERSATION)
			.authenticated()
			.requestMatchers(HttpMethod.PATCH, API_KEY_CONVERSATION)
			.authenticated()
			.requestMatchers("/v1/**")
			.authenticated()
			.requestMatchers("/api/v1/admin/**")
			.access(AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasRole("ADMIN"), notApiKey))
			.anyRequest()
			.access(AuthorizationManagers.allOf(AuthenticatedAuthorizationManager.authenticated(), notApiKey));
	}

	@Bean
	@Order(2)
	SecurityFilterChain pageFilterChain(HttpSecurity http, ProblemSecurityHandlers handlers, WebProperties properties) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.spa().csrfTokenRepository(csrfTokenRepository(properties.requireHttps())));
		return withProblems(http, handlers).build();
	}

	/**
	 * The SPA pattern's readable token cookie, kept to this site. With HTTPS required
	 * (production) it is {@code __Host-XSRF-TOKEN}: Secure, for this host only, so a
	 * sibling subdomain cannot plant a token of its own choosing.
	 */
	private static CookieCsrfTokenRepository csrfTokenRepository(boolean https) {
		CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
		if (https) {
			repository.setCookieName("__Host-XSRF-TOKEN");
		}
		repository.setCookieCustomizer((cookie) -> {
			cookie.sameSite("Strict");
			if (https) {
				cookie.secure(true).path("/");
			}
		});
		return repository;
	}

}
