package dev.bastion.system;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * An expected failure that the HTTP edge turns into a problem response with this code;
 * the detail is shown to the caller, so it must never contain a secret or internals.
 */
public class BastionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final ErrorCode code;

	private final @Nullable Duration retryAfter;

	public BastionException(ErrorCode code, String detail) {
		this(code, detail, null);
	}

	public BastionException(ErrorCode code, String detail, @Nullable Duration retryAfter) {
		super(detail, null, false, false);
		this.code = code;
		this.retryAfter = retryAfter;
	}

	public ErrorCode code() {
		return this.code;
	}

	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

}
