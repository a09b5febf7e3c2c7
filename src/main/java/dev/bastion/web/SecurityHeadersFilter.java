package dev.bastion.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes the security headers before anything else runs, so that every response carries
 * them: pages, JSON, errors, rejections by Spring Security and Tomcat alike. The CSP
 * starts as the strictest policy; a page relaxes it through
 * {@link ContentSecurityPolicy}.
 */
final class SecurityHeadersFilter extends OncePerRequestFilter {

	static final String PERMISSIONS_POLICY = "microphone=(self), camera=(), geolocation=(), payment=(), usb=(), "
			+ "serial=(), bluetooth=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), "
			+ "display-capture=(), browsing-topics=()";

	static final String HSTS = "max-age=31536000; includeSubDomains";

	private final boolean enabled;

	private final boolean hsts;

	SecurityHeadersFilter(boolean enabled, boolean hsts) {
		this.enabled = enabled;
		this.hsts = hsts;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Static assets replace this with their own long-lived caching.
		response.setHeader("Cache-Control", "no-store");
		if (this.enabled) {
			writeSecurityHeaders(request, response);
		}
		chain.doFilter(request, response);
	}

	private void writeSecurityHeaders(HttpServletRequest request, HttpServletResponse response) {
		response.setHeader(ContentSecurityPolicy.HEADER, ContentSecurityPolicy.NONE);
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
		response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
		response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
		response.setHeader("X-XSS-Protection", "0");
		if (this.hsts && request.isSecure()) {
			response.setHeader("Strict-Transport-Security", HSTS);
		}
	}

}
