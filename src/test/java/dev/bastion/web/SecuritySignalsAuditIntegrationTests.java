package dev.bastion.web;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.audit.AuditEntry;
import dev.bastion.audit.AuditTrail;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge's security signals reach the audit trail, through the real server, and a
 * repeat within the minute adds nothing (its own context, so that no other test's signal
 * counts against the bound).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "test.context=security-signals")
class SecuritySignalsAuditIntegrationTests {

	private static final int REPEATS = 20;

	@LocalServerPort
	int port;

	@Autowired
	AuditTrail audit;

	Http http() {
		return Http.local(this.port);
	}

	@Test
	void refusedCrossOriginCallsAreAuditedOncePerMinute() {
		int before = audited("CORS_REJECTED").size();
		for (int i = 0; i < REPEATS; i++) {
			assertProblem(http().get("/api/v1/health", "Origin", "https://evil.example"), 403, "FORBIDDEN");
		}
		List<AuditEntry> after = audited("CORS_REJECTED");
		assertThat(after).hasSize(before + 1);
		assertThat(after.getFirst().severity()).isEqualTo("WARNING");
		assertThat(after.getFirst().details().path("client_ip").asString()).isEqualTo("127.0.0.1");
		assertThat(after.getFirst().details().path("origin").asString()).isEqualTo("https://evil.example");
	}

	@Test
	void forwardedHeadersFromAnUntrustedPeerAreAuditedOncePerMinute() {
		int before = audited("SUSPICIOUS_FORWARDED_HEADER").size();
		for (int i = 0; i < REPEATS; i++) {
			assertThat(http().get("/api/v1/health", "X-Forwarded-For", "203.0.113.9").statusCode()).isEqualTo(200);
		}
		List<AuditEntry> after = audited("SUSPICIOUS_FORWARDED_HEADER");
		assertThat(after).hasSize(before + 1);
		assertThat(after.getFirst().details().path("client_ip").asString()).isEqualTo("127.0.0.1");
		assertThat(after.getFirst().details().toString()).doesNotContain("203.0.113.9");
	}

	@Test
	void cspReportsAreAuditedOncePerMinuteWithoutThePath() {
		int before = audited("CSP_VIOLATION").size();
		String report = """
				{"csp-report": {"document-uri": "http://localhost/", "violated-directive": "script-src-elem",
				"blocked-uri": "https://evil.example/x.js?token=secret"}}""";
		for (int i = 0; i < REPEATS; i++) {
			assertThat(http()
				.send("POST", "/api/v1/csp-reports", BodyPublishers.ofString(report), "Content-Type",
						"application/csp-report")
				.statusCode()).isEqualTo(204);
		}
		List<AuditEntry> after = audited("CSP_VIOLATION");
		assertThat(after).hasSize(before + 1);
		assertThat(after.getFirst().details().path("directive").asString()).isEqualTo("script-src-elem");
		assertThat(after.getFirst().details().path("blocked").asString()).isEqualTo("https://evil.example");
		assertThat(after.getFirst().details().toString()).doesNotContain("secret").doesNotContain("x.js");
	}

	private List<AuditEntry> audited(String type) {
		return this.audit.search(type, null, null, null, 0, 100);
	}

}
