package dev.bastion.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import dev.bastion.system.ErrorCode;

/**
 * Spring Security's entry point and access-denied handler, answering with problems like
 * the rest of the API.
 */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final ProblemResponses problems;

	ProblemSecurityHandlers(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		response.setHeader("WWW-Authenticate", "Bearer");
		this.problems.write(request, response, ErrorCode.AUTHENTICATION_REQUIRED,
				"This needs a valid access token or API key.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		String detail = (ex instanceof CsrfException) ? "The CSRF token is missing or wrong; reload the page."
				: "You may not do this.";
		this.problems.write(request, response, ErrorCode.FORBIDDEN, detail);
	}

}
