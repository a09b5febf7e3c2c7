package dev.bastion.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.bastion.auth.BrowserSessionCredentials;

/**
 * Authenticates an API call from the web UI by its session: the session gives the Bearer
 * credential of its login, which the API's own authentication then checks, on every
 * request. A credential that no longer passes ends the session.
 */
final class BrowserSessionFilter extends OncePerRequestFilter {

	private final BrowserSessionCredentials credentials;

	private final AuthenticationManagerResolver<HttpServletRequest> authentication;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextRepository contexts;

	BrowserSessionFilter(BrowserSessionCredentials credentials,
			AuthenticationManagerResolver<HttpServletRequest> authentication, AuthenticationEntryPoint entryPoint,
			SecurityContextRepository contexts) {
		this.credentials = credentials;
		this.authentication = authentication;
		this.entryPoint = entryPoint;
		this.contexts = contexts;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			Authentication credential = this.credentials.credentials(request);
			if (credential != null) {
				AuthenticationManager manager = this.authentication.resolve(request);
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(manager.authenticate(credential));
				SecurityContextHolder.setContext(context);
				// Kept for the async dispatch that finishes a streamed reply.
				this.contexts.saveContext(context, request, response);
			}
		}
		catch (AuthenticationException ex) {
			SecurityContextHolder.clearContext();
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.invalidate();
			}
			this.entryPoint.commence(request, response, ex);
			return;
		}
		chain.doFilter(request, response);
	}

}
