package dev.bastion.web;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bastion.audit.BoundedAudit;

/**
 * What a CSP violation report keeps and what it refuses, in a Spring MVC slice: the
 * controller, the problem advice and the audit bound, without a server (and without the
 * other modules' web components, which the slice would otherwise pick up). Who may send
 * reports, and the headers of the answer, are the edge's and are tested through the real
 * server in {@code EdgeIntegrationTests} and
 * {@code SecuritySignalsAuditIntegrationTests}.
 */
@WebMvcTest(useDefaultFilters = false)
@Import({ CspReportController.class, ProblemDetailsAdvice.class })
@AutoConfigureMockMvc(addFilters = false)
@RecordApplicationEvents
@ExtendWith(OutputCaptureExtension.class)
class CspReportControllerTests {

	private static final AtomicInteger CLIENTS = new AtomicInteger();

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ApplicationEvents events;

	/** Each test reports from an address of its own: the audit bound is per client. */
	private final String client = "198.51.100." + CLIENTS.incrementAndGet();

	@Test
	void aLegacyReportKeepsOnlyTheDirectiveAndTheBlockedOrigin(CapturedOutput output) {
		String report = """
				{"csp-report": {"document-uri": "https://bastion.example.org/chat?token=doc-secret-1",
				 "violated-directive": "script-src-elem",
				 "blocked-uri": "https://cdn.evil.test:8443/x.js?session=blocked-secret-2"}}""";
		assertThat(post("application/csp-report", report)).hasStatus(204);
		assertThat(this.events.stream(CspViolation.class))
			.containsExactly(new CspViolation("script-src-elem", "https://cdn.evil.test:8443"));
		assertThat(output).contains("CSP_VIOLATION")
			.contains("script-src-elem")
			.doesNotContain("doc-secret-1")
			.doesNotContain("blocked-secret-2")
			.doesNotContain("/x.js");
	}

	@Test
	void aReportingApiReportIsReadTheSameWay() {
		String report = """
				[{"type": "csp-violation", "body": {"effectiveDirective": "img-src",
				 "blockedURL": "http://tracker.test/pixel.gif"}}]""";
		assertThat(post("application/reports+json", report)).hasStatus(204);
		assertThat(this.events.stream(CspViolation.class))
			.containsExactly(new CspViolation("img-src", "http://tracker.test"));
	}

	@Test
	void whatIsNeitherADirectiveNorAnOriginIsKeptAsUnknown(CapturedOutput output) {
		String report = """
				{"csp-report": {"violated-directive": "script-src <script>alert(1)</script>",
				 "blocked-uri": "javascript:alert(document.cookie)"}}""";
		assertThat(post("application/csp-report", report)).hasStatus(204);
		assertThat(this.events.stream(CspViolation.class)).containsExactly(new CspViolation("unknown", "unknown"));
		assertThat(output).doesNotContain("alert(");
	}

	@Test
	void aKeywordSuchAsInlineIsKeptAsItIs() {
		String report = """
				{"csp-report": {"violated-directive": "style-src-attr", "blocked-uri": "inline"}}""";
		assertThat(post("application/csp-report", report)).hasStatus(204);
		assertThat(this.events.stream(CspViolation.class))
			.containsExactly(new CspViolation("style-src-attr", "inline"));
	}

	@Test
	void aReportThatIsNotJsonIsAProblemAndNotAudited() {
		MvcTestResult result = post("application/csp-report", "{nope");
		assertThat(result).hasStatus(400).bodyJson().extractingPath("$.code").isEqualTo("MALFORMED_REQUEST");
		assertThat(this.events.stream(CspViolation.class)).isEmpty();
	}

	@Test
	void aReportOverSixteenKilobytesIsRefused() {
		String padding = "a".repeat(CspReportController.MAX_REPORT_BYTES);
		MvcTestResult result = post("application/csp-report",
				"{\"csp-report\": {\"violated-directive\": \"img-src\", \"padding\": \"" + padding + "\"}}");
		assertThat(result).hasStatus(413).bodyJson().extractingPath("$.code").isEqualTo("PAYLOAD_TOO_LARGE");
		assertThat(this.events.stream(CspViolation.class)).isEmpty();
	}

	@Test
	void aReportOfExactlySixteenKilobytesIsRead() {
		String head = "{\"csp-report\": {\"violated-directive\": \"img-src\", \"padding\": \"";
		String padding = "a".repeat(CspReportController.MAX_REPORT_BYTES - head.length() - 3);
		String report = head + padding + "\"}}";
		assertThat(report).hasSize(CspReportController.MAX_REPORT_BYTES);
		assertThat(post("application/csp-report", report)).hasStatus(204);
		assertThat(this.events.stream(CspViolation.class)).containsExactly(new CspViolation("img-src", "unknown"));
	}

	@Test
	void anEmptyReportIsAProblemAndNotAudited() {
		MvcTestResult result = post("application/csp-report", "");
		assertThat(result).hasStatus(400).bodyJson().extractingPath("$.code").isEqualTo("MALFORMED_REQUEST");
		assertThat(this.events.stream(CspViolation.class)).isEmpty();
	}

	@Test
	void anotherMediaTypeIsRefusedAsAProblem() {
		MvcTestResult result = post("text/plain", "{\"csp-report\": {}}");
		assertThat(result).hasStatus(415).bodyJson().extractingPath("$.code").isEqualTo("UNSUPPORTED_MEDIA_TYPE");
		assertThat(this.events.stream(CspViolation.class)).isEmpty();
	}

	@Test
	void oneClientIsAuditedOnceAMinuteHoweverOftenItReports() {
		String report = """
				{"csp-report": {"violated-directive": "connect-src", "blocked-uri": "https://a.test/"}}""";
		for (int i = 0; i < 3; i++) {
			assertThat(post("application/csp-report", report)).hasStatus(204);
		}
		assertThat(this.events.stream(CspViolation.class)).hasSize(1);
	}

	private MvcTestResult post(String contentType, String body) {
		return this.mvc.post()
			.uri("/api/v1/csp-reports")
			.contentType(MediaType.parseMediaType(contentType))
			.content(body)
			.with((request) -> {
				request.setRemoteAddr(this.client);
				return request;
			})
			.exchange();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Signals {

		@Bean
		BoundedAudit securitySignals(ApplicationEventPublisher events) {
			return new BoundedAudit(events, Clock.systemUTC());
		}

	}

}
