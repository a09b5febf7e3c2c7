package dev.bastion.system;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An expected failure that the HTTP edge turns into a problem response with this code;
 * the detail is shown to the caller, so it must never contain a secret or internals.
 */
public class BastionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final ErrorCode code;

	private final @Nullable Duration retryAfter;

	private final Map<String, Object> properties;

	/** The detail it was made with: never null. */
	@Override
	public String getMessage() {
		return Objects.requireNonNull(super.getMessage());
	}

	public BastionException(ErrorCode code, String detail) {
		this(code, detail, null, Map.of());
	}

	public BastionException(ErrorCode code, String detail, @Nullable Duration retryAfter) {
		this(code, detail, retryAfter, Map.of());
	}

	/**
	 * @param properties extra members of the problem body (snake_case names, non-secret
	 * values)
	 */
	public BastionException(ErrorCode code, String detail, @Nullable Duration retryAfter,
			Map<String, Object> properties) {
		super(detail, null, false, false);
		this.code = code;
		this.retryAfter = retryAfter;
		this.properties = Map.copyOf(properties);
	}

	public Map<String, Object> properties() {
		return this.properties;
	}

	public ErrorCode code() {
		return this.code;
	}

	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

}
