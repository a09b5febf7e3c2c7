package dev.bastion.web;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.system.ErrorCode;

/**
 * Replaces the white-label error page: errors that the container forwards to
 * {@code /error} are answered with a problem too, never with HTML or internals.
 */
@RestController
final class ProblemErrorController implements ErrorController {

	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		ErrorCode code = ErrorCodes.forStatus((status instanceof Integer value) ? value : 500);
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable ex
				&& ProblemDetailsAdvice.causedBy(ex, RequestTooLargeException.class) != null) {
			code = ErrorCode.PAYLOAD_TOO_LARGE;
		}
		ProblemDetail problem = ProblemResponses.problem(request, code, ErrorCodes.detail(code));
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path) {
			problem.setInstance(URI.create(path));
		}
		return ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
