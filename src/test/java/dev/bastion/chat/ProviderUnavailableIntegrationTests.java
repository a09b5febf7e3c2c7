package dev.bastion.chat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Api;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When every provider fails: 503 PROVIDER_UNAVAILABLE with Retry-After.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "OPENAI_API_KEY=sk-test-unreachable",
		"OPENAI_BASE_URL=http://127.0.0.1:9/v1", "PROVIDER_ORDER=openai", "PROVIDER_TIMEOUT=3s" })
class ProviderUnavailableIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void noProviderUpThen503WithRetryAfter() {
		Api api = new Api(this.port);
		String token = api.newUser("stranded").path("access_token").asString();
		var response = api.post("/api/v1/chat", token, "{\"message\": \"hello\"}");
		assertProblem(response, 503, "PROVIDER_UNAVAILABLE");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
	}

	/**
	 * A streamed reply runs on Boot's executor, and its log lines still name the request.
	 */
	@Test
	void streamedReplyLogsUnderItsRequestId(CapturedOutput output) {
		Api api = new Api(this.port);
		String token = api.newUser("streamer").path("access_token").asString();
		String requestId = "stream-" + UUID.randomUUID();
		var response = api.http()
			.postJson("/api/v1/chat", "{\"message\": \"hello\"}", "Authorization", "Bearer " + token, "Accept",
					"text/event-stream", "X-Request-ID", requestId);
		assertThat(response.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getAll().lines())
				.filteredOn((line) -> line.contains("Provider openai did not answer"))
				.anyMatch((line) -> line.contains("[" + requestId + "]")));
	}

}
