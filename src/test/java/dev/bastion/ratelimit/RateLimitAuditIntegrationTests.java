package dev.bastion.ratelimit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.audit.AuditTrail;
import dev.bastion.audit.BoundedAudit;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate-limit refusals reach the audit trail at most {@link BoundedAudit#MAX_PER_MINUTE}
 * times a minute however many addresses are refused (its own context, so that the
 * minute's first refusal is this test's). The clients are named by a trusted proxy on
 * 127.0.0.1.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "TRUSTED_PROXIES=127.0.0.1", "RATE_LIMIT_HEALTH=1/1m" })
@ExtendWith(OutputCaptureExtension.class)
class RateLimitAuditIntegrationTests {

	private static final int CLIENTS = 3 * BoundedAudit.MAX_PER_MINUTE;

	@LocalServerPort
	int port;

	@Autowired
	AuditTrail audit;

	@Test
	void manyAddressesOverTheLimitInAMinuteThenAtMostTheCapIsAuditedAndTheRestIsLogged(CapturedOutput output) {
		Http http = Http.local(this.port);
		for (int i = 0; i < CLIENTS; i++) {
			String client = "198.51." + (i / 250) + "." + (i % 250 + 1);
			assertThat(http.get("/api/v1/health", "X-Forwarded-For", client).statusCode()).isEqualTo(200);
			assertProblem(http.get("/api/v1/health", "X-Forwarded-For", client), 429, "RATE_LIMIT_EXCEEDED");
		}
		assertThat(this.audit.search("RATE_LIMITED", null, null, null, 0, CLIENTS))
			.hasSize(BoundedAudit.MAX_PER_MINUTE);
		assertThat(output.getAll()).contains("100 RATE_LIMITED events audited this minute, the most in a minute");
	}

}
