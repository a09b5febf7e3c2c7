package dev.bastion.web;

import java.util.UUID;
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
		return (incoming != null && VALID.matcher(incoming).matches()) ? incoming : UUID.randomUUID().toString();
	}

}
