package dev.bastion.web;

import java.net.InetAddress;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

import dev.bastion.audit.BoundedAudit;
import dev.bastion.system.InsecureConfigurationException;

/**
 * The servlet filters of the edge, in the order they run: all of them before Spring
 * Security, so that even its refusals carry a request id and the security headers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebProperties.class)
class WebConfiguration {

	private static final int FIRST = Ordered.HIGHEST_PRECEDENCE;

	/** Listening on every interface is sometimes wanted, but never by accident. */
	@Bean
	TaskDecorator requestIdPropagation() {
		return new RequestIdPropagation();
	}

	@Bean
	InitializingBean explainListeningAddresses(ServerProperties server, Environment environment) {
		return () -> new ListeningAddresses(environment).explain(server.getAddress());
	}

	/**
	 * What the published API description says about itself and how callers authenticate.
	 */
	@Bean
	OpenAPI bastionApi() {
		return new OpenAPI().info(new Info().title("Bastion API").version("v1"))
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.bearerFormat("JWT or API key")));
	}

	@Bean
	ProblemResponses problemResponses(JsonMapper jsonMapper) {
		return new ProblemResponses(jsonMapper);
	}

	@Bean
	ContentSecurityPolicy contentSecurityPolicy(WebProperties properties) {
		return new ContentSecurityPolicy(properties.securityHeaders());
	}

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		return register(new RequestIdFilter(), FIRST);
	}

	@Bean
	FilterRegistrationBean<TrustedProxyFilter> trustedProxyFilter(WebProperties properties, BoundedAudit signals) {
		return register(new TrustedProxyFilter(properties.trustedProxies(), signals), FIRST + 1);
	}

	@Bean
	BoundedAudit securitySignals(ApplicationEventPublisher events, Clock clock) {
		return new BoundedAudit(events, clock);
	}

	@Bean
	FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter(WebProperties properties) {
		return register(new SecurityHeadersFilter(properties.securityHeaders(), properties.hsts()), FIRST + 2);
	}

	/**
	 * Redirects plain HTTP in production, and always on the redirect port of built-in
	 * TLS.
	 */
	@Bean
	FilterRegistrationBean<HttpsRedirectFilter> httpsRedirectFilter(WebProperties properties, ServerProperties server,
			Environment environment, ObjectProvider<SslBundles> bundles) {
		Ssl ssl = server.getSsl();
		boolean builtInTls = ssl != null && ssl.isEnabled();
		String bundle = (ssl != null && ssl.isEnabled()) ? ssl.getBundle() : null;
		KeyStore certificates = (bundle != null) ? bundles.getObject().getBundle(bundle).getStores().getKeyStore()
				: null;
		IntSupplier tlsPort = () -> environment.getProperty("local.server.port", Integer.class,
				HttpsRedirectTarget.DEFAULT_HTTPS_PORT);
		HttpsRedirectTarget target = HttpsRedirectTarget.of(properties.publicUrl(), certificates, tlsPort);
		FilterRegistrationBean<HttpsRedirectFilter> registration = register(new HttpsRedirectFilter(target), FIRST + 3);
		registration.setEnabled(properties.requireHttps() || builtInTls);
		return registration;
	}

	@Bean
	ConnectionLimits connectionLimits() {
		return new ConnectionLimits(Runtime.getRuntime().maxMemory());
	}

	@Bean
	HttpRedirectConnector httpRedirectConnector(WebProperties properties, ServerProperties server,
			ConnectionLimits limits) {
		Ssl ssl = server.getSsl();
		if (properties.httpPort() != null && (ssl == null || !ssl.isEnabled())) {
			throw new InsecureConfigurationException("HTTP_PORT", "is set but Bastion does not terminate TLS",
					"HTTP_PORT only serves redirects to Bastion's own HTTPS port: set TLS_CERT_FILE and "
							+ "TLS_KEY_FILE, or remove HTTP_PORT.");
		}
		return new HttpRedirectConnector(properties.httpPort(), server, limits);
	}

	@Bean
	FilterRegistrationBean<CorsFilter> corsFilter(WebProperties properties, ProblemResponses problems,
			BoundedAudit signals) {
		CorsFilter filter = new CorsFilter(corsConfigurationSource(properties));
		filter.setCorsProcessor(new RejectingCorsProcessor(problems, signals));
		return register(filter, FIRST + 4);
	}

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(WebProperties properties,
			ProblemResponses problems) {
		return register(new RequestSizeLimitFilter(properties.maxRequestSize().toBytes(),
				properties.requestBodyTimeout(), problems), FIRST + 5);
	}

	private static UrlBasedCorsConfigurationSource corsConfigurationSource(WebProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (properties.allowedOrigins().isEmpty()) {
			return source;
		}
		CorsConfiguration api = new CorsConfiguration();
		api.setAllowedOrigins(properties.allowedOrigins());
		api.setAllowCredentials(properties.corsAllowCredentials());
		api.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
		api.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "X-Request-ID", "Last-Event-ID"));
		api.setExposedHeaders(List.of("X-Request-ID", "Retry-After", "RateLimit", "RateLimit-Policy", "Location"));
		api.setMaxAge(Duration.ofHours(1));
		source.registerCorsConfiguration("/api/**", api);
		source.registerCorsConfiguration("/v1/**", api);
		return source;
	}

	private static <T extends jakarta.servlet.Filter> FilterRegistrationBean<T> register(T filter, int order) {
		FilterRegistrationBean<T> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(order);
		registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR,
				jakarta.servlet.DispatcherType.ASYNC);
		return registration;
	}

}
