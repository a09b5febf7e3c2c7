package dev.bastion.health;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Answers an anonymous, plain {@code GET /api/v1/health} with the report of
 * {@link HealthController}, as Spring MVC would, without the dispatch around it: the
 * handler lookup, the interceptors (which do nothing for an anonymous caller) and the
 * content negotiation were half of the request's CPU. It runs after Spring Security, so
 * the firewall, request id, security headers, bans, rate limit and authentication have
 * all had their say. Anything else (another method, an {@code Accept} that is not JSON or
 * anything, a query, a credential) goes on to Spring MVC as before, so its refusals and
 * content negotiation are unchanged.
 */
final class HealthReportFilter extends OncePerRequestFilter {

	private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

	private final HealthController controller;

	private final JsonMapper json;

	HealthReportFilter(HealthController controller, JsonMapper json) {
		this.controller = controller;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HealthController.PATH.equals(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!plainAnonymousGet(request)) {
			chain.doFilter(request, response);
			return;
		}
		ResponseEntity<HealthReport> report;
		byte[] body;
		try {
			report = this.controller.health();
			body = this.json.writeValueAsBytes(report.getBody());
		}
		catch (RuntimeException ex) {
			// Nothing written yet: Spring MVC asks again and answers the failure as
			// always.
			chain.doFilter(request, response);
			return;
		}
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(HealthController.PATH));
		response.setStatus(report.getStatusCode().value());
		response.setContentType(JSON);
		response.getOutputStream().write(body);
		// As Spring MVC does for a ResponseEntity: the headers go out with the body.
		response.flushBuffer();
	}

	private static boolean plainAnonymousGet(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return "GET".equals(request.getMethod()) && request.getQueryString() == null
				&& (accept == null || "*/*".equals(accept) || JSON.equals(accept)) && isAnonymous();
	}

	/** The per-user interceptors of Spring MVC act on authenticated callers only. */
	private static boolean isAnonymous() {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		return caller == null || caller instanceof AnonymousAuthenticationToken;
	}

}
