package dev.bastion.web;

import java.io.IOException;
import java.time.Duration;

/**
 * Raised while reading a request body that has not arrived in full within
 * {@code REQUEST_BODY_TIMEOUT} of the request's start; an {@link IOException} so that
 * every body reader passes it on.
 */
final class RequestBodyTimeoutException extends IOException {

	private static final long serialVersionUID = 1L;

	RequestBodyTimeoutException(Duration timeout) {
		super("Request body not received within " + timeout);
	}

}
