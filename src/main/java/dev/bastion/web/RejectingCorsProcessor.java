package dev.bastion.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;

import dev.bastion.audit.BoundedAudit;
import dev.bastion.system.ErrorCode;

/**
 * Spring's CORS checks, stricter in two ways: a cross-origin request to a path without a
 * CORS configuration is refused rather than passed on, and every refusal is a problem
 * response without CORS headers, logged and audited as a security event.
 */
final class RejectingCorsProcessor extends DefaultCorsProcessor {

	private static final Logger security = LoggerFactory.getLogger("security");

	private static final int MAX_LOGGED_ORIGIN = 200;

	private final ProblemResponses problems;

	private final BoundedAudit signals;

	RejectingCorsProcessor(ProblemResponses problems, BoundedAudit signals) {
		this.problems = problems;
		this.signals = signals;
	}

	@Override
	public boolean processRequest(@Nullable CorsConfiguration config, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		boolean accepted = (config != null || !CorsUtils.isCorsRequest(request))
				&& super.processRequest(config, request, response);
		if (!accepted) {
			reject(request, response);
		}
		return accepted;
	}

	@Override
	protected void rejectRequest(ServerHttpResponse response) {
		// processRequest writes the problem response, which needs the request.
	}

	private void reject(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String origin = String.valueOf(request.getHeader(HttpHeaders.ORIGIN));
		String logged = (origin.length() > MAX_LOGGED_ORIGIN) ? origin.substring(0, MAX_LOGGED_ORIGIN) : origin;
		security.atWarn()
			.addKeyValue("event_type", "CORS_REJECTED")
			.addKeyValue("client_ip", request.getRemoteAddr())
			.log("Cross-origin request from {} refused", logged);
		this.signals.report(new CorsRejected(logged, request.getRemoteAddr()), request.getRemoteAddr());
		this.problems.write(request, response, ErrorCode.FORBIDDEN, "This origin may not call Bastion.");
	}

}
