package dev.bastion.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

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
import static org.awaitility.Awaitility.await;

/**
 * The openai provider against a local server speaking the OpenAI wire format (streamed
 * chunks, error bodies, a slow stream), with fallback to the offline provider and Stop
 * reaching the provider.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-stub-key-123456", "OPENAI_MODEL=stub-model",
				"PROVIDER_ORDER=openai,offline", "PROVIDER_TIMEOUT=3s" })
@ExtendWith(OutputCaptureExtension.class)
class OpenAiProviderIntegrationTests {

	static OpenAiStub model;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void openai(DynamicPropertyRegistry registry) throws IOException {
		model = new OpenAiStub("Hello from the stub");
		registry.add("OPENAI_BASE_URL", model::baseUrl);
	}

	@AfterAll
	static void stop() {
		model.close();
	}

	@Test
	void answersThroughTheOpenAiCompatibleServer(CapturedOutput output) {
		Api api = new Api(this.port);
		String token = api.newUser("modeluser").path("access_token").asString();
		JsonNode reply = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"a secret question\"}"));
		assertThat(reply.path("reply").asString()).isEqualTo("Hello from the stub");
		assertThat(reply.path("provider").asString()).isEqualTo("openai");
		assertThat(reply.path("model").asString()).isEqualTo("stub-model");
		assertThat(reply.path("usage").path("total_tokens").asInt()).isEqualTo(8);
		assertThat(model.lastRequest().authorization()).isEqualTo("Bearer sk-test-stub-key-123456");
		HttpResponse<String> stream = api.http()
			.send("POST", "/api/v1/chat", BodyPublishers.ofString("{\"message\": \"again\"}"), "Authorization",
					"Bearer " + token, "Content-Type", "application/json", "Accept", "text/event-stream");
		assertThat(stream.body()).contains("{\"text\":\"Hello\"}")
			.contains("{\"text\":\" stub\"}")
			.contains("event:done");
		assertThat(output.getAll()).doesNotContain("sk-test-stub-key-123456").doesNotContain("a secret question");
	}

	@Test
	void aFailingProviderHandsOverToTheNext() {
		model.failNext(2);
		Api api = new Api(this.port);
		String token = api.newUser("fallback").path("access_token").asString();
		JsonNode reply = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"hello\"}"));
		assertThat(reply.path("provider").asString()).isEqualTo("offline");
	}

	@Test
	void stoppingAStreamStopsAskingTheProviderAndCountsWhatWasGenerated() throws Exception {
		model.streamSlowlyNext();
		Api api = new Api(this.port);
		String token = api.newUser("stopper").path("access_token").asString();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/chat"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.POST(BodyPublishers.ofString("{\"message\": \"tell me a long story\"}"))
			.build();
		try (HttpClient client = HttpClient.newHttpClient()) {
			HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
				assertThat(reader.readLine()).isEqualTo("event:token");
			}
		}
		assertThat(model.slowStreamBroken(Duration.ofSeconds(8))).as("the provider stream was cancelled").isTrue();
		assertThat(model.slowChunksSent()).isLessThan(60);
		await("what was generated before Stop counted against the budget").atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> Http.json(api.get("/api/v1/users/me/usage", token)).path("tokens_today").asLong() > 0);
	}

	@Test
	void maxTokensIsPassedToTheProvider() {
		Api api = new Api(this.port);
		String token = api.newUser("bounded").path("access_token").asString();
		api.post("/api/v1/chat", token, "{\"message\": \"be brief\", \"max_tokens\": 64, \"cache\": false}");
		assertThat(model.lastRequest().body()).containsPattern("\"max_(completion_)?tokens\"\\s*:\\s*64\\b");
	}

}
