package dev.bastion.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The id of the current request: kept from a well-formed incoming {@code X-Request-ID},
 * otherwise a new UUID.
 */
public final class RequestIds {

	public static final String HEADER = "X-Request-ID";

	/** The MDC key under which every log line of a request carries its id. */
	public static final String MDC_KEY = "request_id";

	static final String ATTRIBUTE = RequestIds.class.getName();

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{7,99}");

	private RequestIds() {
	}

	/** The id of this request, or "unknown" outside of a request. */
	public static String of(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof String id) ? id : "unknown";
	}

	static String accept(String incoming) {
		return (incoming != null && VALID.matcher(incoming).matches()) ? incoming : newId();
	}

	/**
	 * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id is a label
	 * that a client may even choose, not a secret, and {@link UUID#randomUUID()} would
	 * make every request take the one lock of the system's {@code SecureRandom} (under a
	 * flood, hundreds of requests queued on it).
	 */
	private static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
		return new UUID(high, low).toString();
	}

}
