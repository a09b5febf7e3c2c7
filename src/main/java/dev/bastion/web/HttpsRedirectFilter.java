package dev.bastion.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Answers every plain HTTP request with a permanent redirect to the same path over HTTPS
 * at Bastion's own name ({@link HttpsRedirectTarget}), never at the {@code Host} the
 * client sent; nothing is served in clear text.
 */
final class HttpsRedirectFilter extends OncePerRequestFilter {

	private static final int PERMANENT_REDIRECT = 308;

	/**
	 * Orchestrator probes often speak plain HTTP inside the cluster; they reveal nothing.
	 */
	private static final Set<String> PROBES = Set.of("/livez", "/readyz");

	private final HttpsRedirectTarget target;

	HttpsRedirectFilter(HttpsRedirectTarget target) {
		this.target = target;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.isSecure() || PROBES.contains(request.getRequestURI())) {
			chain.doFilter(request, response);
			return;
		}
		boolean safeMethod = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
		response.setStatus(safeMethod ? HttpServletResponse.SC_MOVED_PERMANENTLY : PERMANENT_REDIRECT);
		response.setHeader(HttpHeaders.LOCATION, httpsLocation(request));
	}

	private String httpsLocation(HttpServletRequest request) {
		int port = this.target.port().getAsInt();
		UriComponentsBuilder location = UriComponentsBuilder.newInstance()
			.scheme("https")
			.host(this.target.host())
			.port((port == HttpsRedirectTarget.DEFAULT_HTTPS_PORT) ? -1 : port);
		try {
			return location.path(request.getRequestURI()).query(request.getQueryString()).build(true).toUriString();
		}
		catch (IllegalArgumentException ex) {
			return location.replacePath("/").replaceQuery(null).build(true).toUriString();
		}
	}

}
