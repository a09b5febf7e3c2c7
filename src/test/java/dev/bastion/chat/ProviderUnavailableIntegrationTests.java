package dev.bastion.chat;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Api;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When every provider fails: 503 PROVIDER_UNAVAILABLE with Retry-After.
 */
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

}
