package dev.bastion.web;

import java.io.IOException;

/**
 * Raised while reading a request body once more bytes arrived than allowed; an
 * {@link IOException} so that every body reader passes it on.
 */
final class RequestTooLargeException extends IOException {

	private static final long serialVersionUID = 1L;

	RequestTooLargeException(long limit) {
		super("Request body larger than " + limit + " bytes");
	}

}
