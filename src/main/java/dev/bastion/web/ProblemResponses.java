package dev.bastion.web;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import dev.bastion.system.ErrorCode;

/**
 * Builds the RFC 9457 problem body of the API contract, and writes it where no MVC
 * controller is involved (filters, Spring Security's handlers).
 */
public final class ProblemResponses {

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	public static ProblemDetail problem(HttpServletRequest request, ErrorCode code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
		problem.setType(typeOf(code));
		problem.setTitle(code.title());
		problem.setInstance(URI.create(request.getRequestURI()));
		problem.setProperty("code", code.name());
		problem.setProperty("request_id", RequestIds.of(request));
		return problem;
	}

	/**
	 * A relative reference per code, e.g. {@code /problems/rate-limit-exceeded},
	 * documented in docs/api.md.
	 */
	static URI typeOf(ErrorCode code) {
		return URI.create("/problems/" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

	static ProblemDetail withErrors(ProblemDetail problem, List<FieldError> errors) {
		problem.setProperty("errors", errors);
		return problem;
	}

	/** Adds {@code retry_after} to the body; the caller sets the matching header. */
	public static ProblemDetail withRetryAfter(ProblemDetail problem, Duration retryAfter) {
		problem.setProperty("retry_after", retryAfterSeconds(retryAfter));
		return problem;
	}

	static long retryAfterSeconds(Duration retryAfter) {
		return Math.max(1, retryAfter.toSeconds() + ((retryAfter.toNanosPart() > 0) ? 1 : 0));
	}

	public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
			throws IOException {
		write(request, response, problem(request, code, detail), null);
	}

	public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem,
			@Nullable Duration retryAfter) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		if (retryAfter != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
		}
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/** One entry of a validation problem's {@code errors}. */
	record FieldError(String field, String message) {

		static FieldError of(Map.Entry<String, String> entry) {
			return new FieldError(entry.getKey(), entry.getValue());
		}

	}

}
