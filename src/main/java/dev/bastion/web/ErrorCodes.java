package dev.bastion.web;

import dev.bastion.system.ErrorCode;

/**
 * Maps an HTTP status chosen by the framework or the container onto the API's codes.
 */
final class ErrorCodes {

	private ErrorCodes() {
	}

	static ErrorCode forStatus(int status) {
		return switch (status) {
			case 400 -> ErrorCode.MALFORMED_REQUEST;
			case 401 -> ErrorCode.AUTHENTICATION_REQUIRED;
			case 403 -> ErrorCode.FORBIDDEN;
			case 404 -> ErrorCode.NOT_FOUND;
			case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
			case 406 -> ErrorCode.NOT_ACCEPTABLE;
			case 409 -> ErrorCode.CONFLICT;
			case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
			case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
			case 429 -> ErrorCode.RATE_LIMIT_EXCEEDED;
			case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
			default -> (status >= 400 && status < 500) ? ErrorCode.MALFORMED_REQUEST : ErrorCode.INTERNAL_ERROR;
		};
	}

	static String detail(ErrorCode code) {
		return switch (code) {
			case MALFORMED_REQUEST -> "The request could not be understood.";
			case AUTHENTICATION_REQUIRED -> "Log in first.";
			case FORBIDDEN -> "You may not do this.";
			case NOT_FOUND -> "There is nothing at this address.";
			case METHOD_NOT_ALLOWED -> "This method is not allowed here.";
			case NOT_ACCEPTABLE -> "None of the media types in Accept can be produced.";
			case PAYLOAD_TOO_LARGE -> "The request body is too large.";
			case UNSUPPORTED_MEDIA_TYPE -> "This content type is not accepted here.";
			case SERVICE_UNAVAILABLE -> "The service is temporarily unavailable.";
			default -> "An unexpected error occurred.";
		};
	}

}
