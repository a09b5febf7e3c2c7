package dev.bastion.web;

import java.io.IOException;
import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import dev.bastion.auth.ApiKeyCredential;
import dev.bastion.system.ErrorCode;

/**
 * Spring Security's entry point and access-denied handler, answering with problems like
 * the rest of the API. A refused Bearer credential says why: {@code TOKEN_EXPIRED},
 * {@code TOKEN_REVOKED} or {@code INVALID_TOKEN}.
 */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final ProblemResponses problems;

	ProblemSecurityHandlers(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		ErrorCode code = codeOf(ex);
		response.setHeader("WWW-Authenticate",
				(code == ErrorCode.AUTHENTICATION_REQUIRED) ? "Bearer" : "Bearer error=\"invalid_token\"");
		this.problems.write(request, response, code, detail(code));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		String detail = (ex instanceof CsrfException) ? "The CSRF token is missing or wrong; reload the page."
				: byApiKey() ? "An API key may only chat; log in with your password to do this."
						: "You may not do this.";
		this.problems.write(request, response, ErrorCode.FORBIDDEN, detail);
	}

	private static boolean byApiKey() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> ApiKeyCredential.AUTHORITY.equals(authority.getAuthority()));
	}

	/**
	 * The most specific reason found among the causes; a token problem is never just "log
	 * in".
	 */
	static ErrorCode codeOf(AuthenticationException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException validation) {
				return validation.getErrors()
					.stream()
					.map((error) -> named(error.getErrorCode()))
					.filter((code) -> code != ErrorCode.INVALID_TOKEN)
					.findFirst()
					.orElse(ErrorCode.INVALID_TOKEN);
			}
			if (cause instanceof OAuth2AuthenticationException oauth
					&& !(cause instanceof InvalidBearerTokenException)) {
				return named(oauth.getError().getErrorCode());
			}
		}
		return (ex instanceof InvalidBearerTokenException) ? ErrorCode.INVALID_TOKEN
				: ErrorCode.AUTHENTICATION_REQUIRED;
	}

	private static ErrorCode named(String code) {
		return Arrays.stream(new ErrorCode[] { ErrorCode.TOKEN_EXPIRED, ErrorCode.TOKEN_REVOKED })
			.filter((candidate) -> candidate.name().equals(code))
			.findFirst()
			.orElse(ErrorCode.INVALID_TOKEN);
	}

	private static String detail(ErrorCode code) {
		return switch (code) {
			case TOKEN_EXPIRED -> "The token has expired; refresh it or log in again.";
			case TOKEN_REVOKED -> "The token has been revoked; log in again.";
			case INVALID_TOKEN -> "The token is not valid.";
			default -> "This needs a valid access token or API key.";
		};
	}

}
