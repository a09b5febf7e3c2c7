package dev.bastion.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.audit.BoundedAudit;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Receives the browser's Content-Security-Policy violation reports (the legacy
 * {@code report-uri} format and the Reporting API's), logs them and audits them as
 * security events. Only the directive and the origin of what was blocked are kept.
 */
@RestController
final class CspReportController {

	static final int MAX_REPORT_BYTES = 16 * 1024;

	private static final String UNKNOWN = "unknown";

	private static final Pattern DIRECTIVE = Pattern.compile("[a-z-]{1,40}");

	private static final Pattern KEYWORD = Pattern.compile("[a-z-]{1,20}");

	private static final Logger security = LoggerFactory.getLogger("security");

	private final JsonMapper json;

	private final BoundedAudit signals;

	CspReportController(JsonMapper json, BoundedAudit signals) {
		this.json = json;
		this.signals = signals;
	}

	@PostMapping(path = "/api/v1/csp-reports",
			consumes = { "application/csp-report", "application/reports+json", "application/json" })
	ResponseEntity<Void> report(HttpServletRequest request) throws IOException {
		JsonNode report = parse(body(request));
		JsonNode legacy = report.path("csp-report");
		JsonNode reporting = report.path(0).path("body");
		String directive = directive(text(legacy, reporting, "violated-directive", "effectiveDirective"));
		String blocked = blockedOrigin(text(legacy, reporting, "blocked-uri", "blockedURL"));
		security.atWarn()
			.addKeyValue("event_type", "CSP_VIOLATION")
			.addKeyValue("client_ip", request.getRemoteAddr())
			.addKeyValue("directive", directive)
			.addKeyValue("blocked", blocked)
			.log("Content-Security-Policy violation reported");
		this.signals.report(new CspViolation(directive, blocked), request.getRemoteAddr());
		return ResponseEntity.noContent().build();
	}

	/**
	 * The report's bytes, never more than {@link #MAX_REPORT_BYTES} on the heap: a
	 * declared length over it is refused before reading, a chunked body as soon as one
	 * byte more has arrived (anonymous callers may send many at once).
	 */
	private static byte[] body(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > MAX_REPORT_BYTES) {
			throw tooLarge();
		}
		byte[] body = request.getInputStream().readNBytes(MAX_REPORT_BYTES + 1);
		if (body.length > MAX_REPORT_BYTES) {
			throw tooLarge();
		}
		return body;
	}

	private static BastionException tooLarge() {
		return new BastionException(ErrorCode.PAYLOAD_TOO_LARGE, "A CSP report is at most 16 KB.");
	}

	private JsonNode parse(byte[] body) {
		try {
			JsonNode report = this.json.readTree(body);
			if (!report.isMissingNode()) {
				return report;
			}
		}
		catch (JacksonException ex) {
			// not JSON: refused below
		}
		throw new BastionException(ErrorCode.MALFORMED_REQUEST, "The report is not valid JSON.");
	}

	private static String text(JsonNode legacy, JsonNode reporting, String legacyName, String reportingName) {
		return legacy.path(legacyName).asString(reporting.path(reportingName).asString(UNKNOWN));
	}

	/** A directive name such as {@code script-src-elem}; anything else is not logged. */
	private static String directive(String value) {
		return DIRECTIVE.matcher(value).matches() ? value : UNKNOWN;
	}

	/**
	 * Only the origin of a blocked URL (or a keyword such as {@code inline}): paths and
	 * queries can carry tokens and are never logged.
	 */
	private static String blockedOrigin(String value) {
		if (KEYWORD.matcher(value).matches()) {
			return value;
		}
		try {
			URI uri = new URI(value);
			if (uri.getScheme() != null && uri.getHost() != null) {
				return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
			}
		}
		catch (URISyntaxException ex) {
			// not a URL: fall through
		}
		return UNKNOWN;
	}

}
