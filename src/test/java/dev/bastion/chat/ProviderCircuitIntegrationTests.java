package dev.bastion.chat;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.OpenAiStub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that keeps failing (a local OpenAI wire-format server answering 500 error
 * bodies): each call is retried once, then its circuit opens, it is no longer called,
 * health shows it, the next provider answers; once it works again the circuit lets one
 * call through after PROVIDER_CIRCUIT_OPEN_FOR and closes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-failing", "PROVIDER_ORDER=openai,offline", "PROVIDER_TIMEOUT=3s",
				"PROVIDER_CIRCUIT_OPEN_FOR=2s" })
@ExtendWith(OutputCaptureExtension.class)
class ProviderCircuitIntegrationTests {

	static OpenAiStub model;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void openai(DynamicPropertyRegistry registry) throws IOException {
		model = new OpenAiStub("Back again.");
		registry.add("OPENAI_BASE_URL", model::baseUrl);
	}

	@AfterAll
	static void stop() {
		model.close();
	}

	@Test
	void repeatedFailuresOpenTheCircuitTheNextProviderAnswersAndTheCircuitClosesOnRecovery(CapturedOutput output)
			throws InterruptedException {
		Api api = new Api(this.port);
		String token = api.newUser("circuit").path("access_token").asString();
		JsonNode healthy = Http.json(api.http().get("/api/v1/health"));
		assertThat(healthy.path("providers").path("openai").path("circuit").asString()).isEqualTo("CLOSED");
		model.failNext(1000);
		for (int i = 0; i < 4; i++) {
			JsonNode reply = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"hello\"}"));
			assertThat(reply.path("provider").asString()).isEqualTo("offline");
		}
		assertThat(model.calls()).as("each call retried once").isEqualTo(8);
		JsonNode reply = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"hello again\"}"));
		assertThat(reply.path("provider").asString()).isEqualTo("offline");
		assertThat(model.calls()).as("an open circuit is not called").isEqualTo(8);
		assertThat(output).contains("PROVIDER_CIRCUIT_OPENED");
		JsonNode degraded = Http.json(api.http().get("/api/v1/health"));
		assertThat(degraded.path("status").asString()).isEqualTo("DEGRADED");
		assertThat(degraded.path("providers").path("openai").path("circuit").asString()).isEqualTo("OPEN");
		assertThat(degraded.path("providers").path("openai").path("status").asString()).isEqualTo("DOWN");
		assertThat(degraded.path("providers").path("offline").path("status").asString()).isEqualTo("UP");

		model.failNext(0);
		Thread.sleep(2500);
		JsonNode recovered = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"are you back?\"}"));
		assertThat(recovered.path("provider").asString()).isEqualTo("openai");
		assertThat(recovered.path("reply").asString()).isEqualTo("Back again.");
		assertThat(model.calls()).isEqualTo(9);
		JsonNode health = Http.json(api.http().get("/api/v1/health"));
		assertThat(health.path("providers").path("openai").path("circuit").asString()).isEqualTo("CLOSED");
		assertThat(health.path("status").asString()).isEqualTo("UP");
	}

}
