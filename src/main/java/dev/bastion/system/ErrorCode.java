package dev.bastion.system;

import org.springframework.http.HttpStatus;

/**
 * The stable error codes of the API contract; each one always comes with the same HTTP
 * status.
 */
public enum ErrorCode {

	VALIDATION_ERROR(HttpStatus.BAD_REQUEST, "The request is not valid"),

	MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "The request could not be read"),

	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),

	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "No acceptable representation"),

	AUTHENTICATION_REQUIRED(HttpStatus.UNAUTHORIZED, "Authentication required"),

	INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED, "Invalid credentials"),

	INVALID_TOKEN(HttpStatus.UNAUTHORIZED, "Invalid token"),

	TOKEN_EXPIRED(HttpStatus.UNAUTHORIZED, "Token expired"),

	TOKEN_REVOKED(HttpStatus.UNAUTHORIZED, "Token revoked"),

	FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),

	ACCOUNT_PENDING(HttpStatus.FORBIDDEN, "Account waiting for approval"),

	REGISTRATION_CLOSED(HttpStatus.FORBIDDEN, "Registration closed"),

	PASSWORD_CHANGE_REQUIRED(HttpStatus.FORBIDDEN, "Password change required"),

	SECOND_FACTOR_REQUIRED(HttpStatus.FORBIDDEN, "Second factor required"),

	LOCAL_LOGIN_DISABLED(HttpStatus.FORBIDDEN, "Local login disabled"),

	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),

	MODEL_NOT_FOUND(HttpStatus.NOT_FOUND, "Model not found"),

	PRESET_NOT_FOUND(HttpStatus.NOT_FOUND, "Preset not found"),

	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),

	CONFLICT(HttpStatus.CONFLICT, "Conflict"),

	PRESET_LIMIT_REACHED(HttpStatus.CONFLICT, "Preset limit reached"),

	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),

	RATE_LIMIT_EXCEEDED(HttpStatus.TOO_MANY_REQUESTS, "Rate limit exceeded"),

	ACCOUNT_LOCKED(HttpStatus.TOO_MANY_REQUESTS, "Account locked"),

	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),

	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),

	PROVIDER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Provider unavailable"),

	PROVIDER_REJECTED(HttpStatus.UNPROCESSABLE_CONTENT, "Request rejected by the model"),

	PROVIDER_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "Provider timeout");

	private final HttpStatus status;

	private final String title;

	ErrorCode(HttpStatus status, String title) {
		this.status = status;
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

}
