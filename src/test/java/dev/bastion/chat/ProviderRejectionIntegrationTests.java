package dev.bastion.chat;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user cannot open a provider's circuit for everyone: a local OpenAI wire-format
 * server refuses prompts too long for its context with {@code 400
 * context_length_exceeded} (quoting the prompt, as such messages may); the caller gets a
 * 422 problem of its own, without retry, fallback or the provider's words, on every route
 * and both ways of answering, while another user's short prompt is still answered by that
 * provider. Bastion's own key refused (401) falls back without blaming the provider.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-rejecting", "OPENAI_MODEL=stub-model", "PROVIDER_ORDER=openai,offline",
				"PROVIDER_TIMEOUT=5s", "PROVIDER_CIRCUIT_OPEN_FOR=60s", "CHAT_CACHE_ENABLED=false" })
@ExtendWith(OutputCaptureExtension.class)
class ProviderRejectionIntegrationTests {

	static final String MARKER = "Quokkamarker";

	static final String LONG_PROMPT = MARKER + " please summarise " + "the long report ".repeat(150);

	static OpenAiStub model;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void openai(DynamicPropertyRegistry registry) throws IOException {
		model = new OpenAiStub("Short and sweet.");
		model.rejectPromptsLongerThan(1000);
		registry.add("OPENAI_BASE_URL", model::baseUrl);
	}

	@AfterEach
	void healthy() {
		model.failNext(0);
	}

	@AfterAll
	static void stop() {
		model.close();
	}

	@Test
	void promptsTheProviderRejectsAreTheCallersOwn422AndOthersAreStillAnsweredByThatProvider(CapturedOutput output) {
		Api api = new Api(this.port);
		String heavy = api.newUser("heavy").path("access_token").asString();
		String light = api.newUser("light").path("access_token").asString();
		int before = model.calls();
		// More rejections than the breaker needs to open (half of at least 4 calls).
		for (int i = 0; i < 6; i++) {
			assertRejected(api.post("/api/v1/chat", heavy, "{\"message\": \"" + LONG_PROMPT + "\"}"));
		}
		assertThat(model.calls() - before).as("each rejection asked once: no retry").isEqualTo(6);
		HttpResponse<String> stream = api.http()
			.send("POST", "/api/v1/chat", BodyPublishers.ofString("{\"message\": \"" + LONG_PROMPT + "\"}"),
					"Authorization", "Bearer " + heavy, "Content-Type", "application/json", "Accept",
					"text/event-stream");
		assertThat(stream.body()).contains("event:error")
			.contains("\"code\":\"PROVIDER_REJECTED\"")
			.doesNotContain("event:token")
			.doesNotContain(MARKER)
			.doesNotContain("context length");
		assertRejected(api.post("/v1/chat/completions", heavy, completion(false)));
		HttpResponse<String> completions = api.post("/v1/chat/completions", heavy, completion(true));
		assertThat(completions.body()).contains("\"code\":\"provider_rejected\"")
			.contains("\"type\":\"invalid_request_error\"")
			.doesNotContain("chat.completion.chunk")
			.doesNotContain(MARKER);
		assertThat(model.calls() - before).isEqualTo(9);

		JsonNode answered = Http.json(api.post("/api/v1/chat", light, "{\"message\": \"hello\"}"));
		assertThat(answered.path("provider").asString()).isEqualTo("openai");
		assertThat(answered.path("reply").asString()).isEqualTo("Short and sweet.");
		JsonNode health = Http.json(api.http().get("/api/v1/health"));
		assertThat(health.path("providers").path("openai").path("circuit").asString()).isEqualTo("CLOSED");
		assertThat(output.getAll()).doesNotContain(MARKER).doesNotContain("PROVIDER_CIRCUIT_OPENED");
	}

	@Test
	void bastionsOwnKeyRefusedFallsBackWithoutRetryAndLeavesTheCircuitClosed(CapturedOutput output) {
		Api api = new Api(this.port);
		String token = api.newUser("misconfigured").path("access_token").asString();
		model.failNext(1000, 401);
		int before = model.calls();
		for (int i = 0; i < 6; i++) {
			JsonNode reply = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"hello " + i + "\"}"));
			assertThat(reply.path("provider").asString()).isEqualTo("offline");
		}
		assertThat(model.calls() - before).as("asked once each: no retry, circuit not open").isEqualTo(6);
		assertThat(
				Http.json(api.http().get("/api/v1/health")).path("providers").path("openai").path("circuit").asString())
			.isEqualTo("CLOSED");
		assertThat(output.getAll()).contains("refused Bastion's own credentials or settings (HTTP 401)");
		model.failNext(0);
		JsonNode back = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"and now?\"}"));
		assertThat(back.path("provider").asString()).isEqualTo("openai");
	}

	@Test
	void upstreamRateLimitsStillCountAgainstTheProviderAndAreRetried() {
		Api api = new Api(this.port);
		String token = api.newUser("throttled").path("access_token").asString();
		model.failNext(2, 429);
		int before = model.calls();
		JsonNode reply = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"busy?\"}"));
		assertThat(reply.path("provider").asString()).isEqualTo("offline");
		assertThat(model.calls() - before).as("a 429 is the provider's trouble: retried once").isEqualTo(2);
	}

	static String completion(boolean stream) {
		return "{\"model\": \"stub-model\", \"stream\": " + stream
				+ ", \"messages\": [{\"role\": \"user\", \"content\": \"" + LONG_PROMPT + "\"}]}";
	}

	static void assertRejected(HttpResponse<String> response) {
		JsonNode problem = assertProblem(response, 422, "PROVIDER_REJECTED");
		assertThat(problem.path("detail").asString()).contains("too long");
		assertThat(response.body()).doesNotContain(MARKER)
			.doesNotContain("context length")
			.doesNotContain("900 tokens");
	}

}
