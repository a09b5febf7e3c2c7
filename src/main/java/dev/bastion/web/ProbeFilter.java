package dev.bastion.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Answers the probes {@code GET /livez} and {@code GET /readyz} of the main port the way
 * the actuator's additional health paths do (the same health group, status code and JSON
 * body), without the actuator's per-request reflection over its operation's parameters (7
 * % of a probe's CPU). It runs inside the probes' own filter chain, so the firewall,
 * request id, security headers and bans still apply. Any other probe request (a
 * {@code HEAD}, an {@code Accept} other than anything, a query) goes on to the actuator
 * as before, so content negotiation and its refusals stay the actuator's.
 */
final class ProbeFilter extends OncePerRequestFilter {

	static final String LIVENESS = "/livez";

	static final String READINESS = "/readyz";

	private static final String MEDIA_TYPE = "application/vnd.spring-boot.actuator.v3+json";

	private final HealthEndpoint health;

	private final HttpCodeStatusMapper statusCodes;

	ProbeFilter(HealthEndpoint health, HttpCodeStatusMapper statusCodes) {
		this.health = health;
		this.statusCodes = statusCodes;
	}

	/** The probes' filter chain: exactly these paths, as the client sent them. */
	static boolean isProbe(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return LIVENESS.equals(uri) || READINESS.equals(uri);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HealthDescriptor descriptor = plainProbe(request)
				? this.health.healthForPath(LIVENESS.equals(request.getRequestURI()) ? "liveness" : "readiness") : null;
		if (descriptor == null) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = ("{\"status\":\"" + descriptor.getStatus().getCode() + "\"}").getBytes(StandardCharsets.UTF_8);
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(request.getRequestURI()));
		response.setStatus(this.statusCodes.getStatusCode(descriptor.getStatus()));
		response.setContentType(MEDIA_TYPE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private static boolean plainProbe(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return "GET".equals(request.getMethod()) && request.getQueryString() == null
				&& (accept == null || "*/*".equals(accept));
	}

}
