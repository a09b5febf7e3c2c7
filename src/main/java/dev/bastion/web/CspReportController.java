package dev.bastion.web;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Receives the browser's Content-Security-Policy violation reports (the legacy
 * {@code report-uri} format and the Reporting API's) and logs them as security events.
 * Only the directive and the blocked location are kept, shortened.
 */
@RestController
final class CspReportController {

	static final int MAX_REPORT_BYTES = 16 * 1024;

	private static final int MAX_FIELD = 200;

	private static final Logger security = LoggerFactory.getLogger("security");

	private final JsonMapper json;

	CspReportController(JsonMapper json) {
		this.json = json;
	}

	@PostMapping(path = "/api/v1/csp-reports",
			consumes = { "application/csp-report", "application/reports+json", "application/json" })
	ResponseEntity<Void> report(@RequestBody byte[] body, HttpServletRequest request) {
		if (body.length > MAX_REPORT_BYTES) {
			throw new BastionException(ErrorCode.PAYLOAD_TOO_LARGE, "A CSP report is at most 16 KB.");
		}
		JsonNode report = parse(body);
		JsonNode legacy = report.path("csp-report");
		JsonNode reporting = report.path(0).path("body");
		security.atWarn()
			.addKeyValue("event_type", "CSP_VIOLATION")
			.addKeyValue("client_ip", request.getRemoteAddr())
			.addKeyValue("directive",
					shorten(legacy.path("violated-directive")
						.asString(reporting.path("effectiveDirective").asString("unknown"))))
			.addKeyValue("blocked",
					shorten(legacy.path("blocked-uri").asString(reporting.path("blockedURL").asString("unknown"))))
			.log("Content-Security-Policy violation reported");
		return ResponseEntity.noContent().build();
	}

	private JsonNode parse(byte[] body) {
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new BastionException(ErrorCode.MALFORMED_REQUEST, "The report is not valid JSON.");
		}
	}

	private static String shorten(String value) {
		String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
		return (printable.length() > MAX_FIELD) ? printable.substring(0, MAX_FIELD) : printable;
	}

}
