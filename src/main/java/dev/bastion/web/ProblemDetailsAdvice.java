package dev.bastion.web;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;
import dev.bastion.web.ProblemResponses.FieldError;

/**
 * Every error raised while handling a request becomes a problem response of the API
 * contract; nothing of the exception itself reaches the caller.
 */
@RestControllerAdvice
final class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler
	ResponseEntity<Object> bastion(BastionException ex, HttpServletRequest request) {
		ProblemDetail problem = ProblemResponses.problem(request, ex.code(), ex.getMessage());
		ex.properties().forEach(problem::setProperty);
		if (ex instanceof InvalidInputException invalid) {
			ProblemResponses.withErrors(problem, invalid.errors().entrySet().stream().map(FieldError::of).toList());
		}
		HttpHeaders headers = new HttpHeaders();
		Duration retryAfter = ex.retryAfter();
		if (retryAfter != null) {
			ProblemResponses.withRetryAfter(problem, retryAfter);
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ProblemResponses.retryAfterSeconds(retryAfter)));
		}
		return respond(problem, headers);
	}

	@ExceptionHandler
	ResponseEntity<Object> accessDenied(AccessDeniedException ex, HttpServletRequest request) {
		return respond(ProblemResponses.problem(request, ErrorCode.FORBIDDEN, "You may not do this."),
				HttpHeaders.EMPTY);
	}

	@ExceptionHandler
	ResponseEntity<Object> unauthenticated(AuthenticationException ex, HttpServletRequest request) {
		return respond(ProblemResponses.problem(request, ErrorCode.AUTHENTICATION_REQUIRED, "Log in first."),
				HttpHeaders.EMPTY);
	}

	@ExceptionHandler
	ResponseEntity<Object> unexpected(Exception ex, HttpServletRequest request) {
		if (causedBy(ex, RequestTooLargeException.class) != null) {
			return respond(tooLarge(request), HttpHeaders.EMPTY);
		}
		if (causedBy(ex, RequestBodyTimeoutException.class) != null) {
			return respond(tooSlow(request), HttpHeaders.EMPTY);
		}
		logger.error("Unexpected error while handling {} {}", request.getMethod(), request.getRequestURI(), ex);
		return respond(ProblemResponses.problem(request, ErrorCode.INTERNAL_ERROR,
				"An unexpected error occurred. Quote the request id when you report it."), HttpHeaders.EMPTY);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldError(error.getField(), String.valueOf(error.getDefaultMessage())))
			.toList();
		return respond(validation(servletRequest(request), errors), headers);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> fieldErrors(result).stream())
			.toList();
		return respond(validation(servletRequest(request), errors), headers);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		HttpServletRequest servletRequest = servletRequest(request);
		if (causedBy(ex, RequestTooLargeException.class) != null) {
			return respond(tooLarge(servletRequest), headers);
		}
		if (causedBy(ex, RequestBodyTimeoutException.class) != null) {
			return respond(tooSlow(servletRequest), headers);
		}
		if (causedBy(ex, StreamConstraintsException.class) != null) {
			if (RequestSizeLimitFilter.restExceedsLimit(servletRequest)) {
				return respond(tooLarge(servletRequest), headers);
			}
			return respond(ProblemResponses.problem(servletRequest, ErrorCode.MALFORMED_REQUEST,
					"The JSON document is nested too deeply or is too large."), headers);
		}
		if (causedBy(ex, UnrecognizedPropertyException.class) instanceof UnrecognizedPropertyException unknown) {
			return respond(
					validation(servletRequest, List.of(new FieldError(fieldName(unknown), "is not a known field"))),
					headers);
		}
		if (causedBy(ex, MismatchedInputException.class) instanceof MismatchedInputException mismatch
				&& !mismatch.getPath().isEmpty()) {
			return respond(
					validation(servletRequest, List.of(new FieldError(fieldName(mismatch), "has the wrong type"))),
					headers);
		}
		return respond(ProblemResponses.problem(servletRequest, ErrorCode.MALFORMED_REQUEST,
				"The request body is not valid JSON of the expected shape."), headers);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return respond(tooLarge(servletRequest(request)), headers);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return respond(ProblemResponses.problem(servletRequest(request), ErrorCode.NOT_ACCEPTABLE,
				"None of the media types in Accept can be produced."), HttpHeaders.EMPTY);
	}

	/** Every other Spring MVC exception: keep its status and headers, use our body. */
	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
		ErrorCode code = ErrorCodes.forStatus(statusCode.value());
		String detail = (code == ErrorCode.INTERNAL_ERROR) ? "An unexpected error occurred." : ErrorCodes.detail(code);
		return respond(ProblemResponses.problem(servletRequest(request), code, detail), headers);
	}

	private static ProblemDetail validation(HttpServletRequest request, List<FieldError> errors) {
		return ProblemResponses.withErrors(
				ProblemResponses.problem(request, ErrorCode.VALIDATION_ERROR, "Some fields are not valid."), errors);
	}

	private static ProblemDetail tooLarge(HttpServletRequest request) {
		return ProblemResponses.problem(request, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.");
	}

	/**
	 * A body that did not arrive in time: the API's codes have none of {@code 408}'s, and
	 * {@code MALFORMED_REQUEST} is the one for a request that could not be read.
	 */
	private static ProblemDetail tooSlow(HttpServletRequest request) {
		return ProblemResponses.problem(request, ErrorCode.MALFORMED_REQUEST,
				"The request body did not arrive in time; send it at once.");
	}

	private static List<FieldError> fieldErrors(ParameterValidationResult result) {
		String name = result.getMethodParameter().getParameterName();
		return result.getResolvableErrors()
			.stream()
			.map((error) -> new FieldError(String.valueOf(name), String.valueOf(error.getDefaultMessage())))
			.toList();
	}

	private static String fieldName(MismatchedInputException ex) {
		String path = ex.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: String.valueOf(reference.getIndex()))
			.reduce((a, b) -> a + "." + b)
			.orElseThrow();
		return (path.length() > 100) ? path.substring(0, 100) : path;
	}

	static @Nullable Throwable causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return cause;
			}
		}
		return null;
	}

	private static HttpServletRequest servletRequest(WebRequest request) {
		return Objects.requireNonNull(((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class));
	}

	private static ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
