package dev.bastion.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gemini provider, alone in PROVIDER_ORDER, against a local server speaking the
 * Gemini API's wire format: streamed {@code streamGenerateContent} chunks, its error body
 * (503 without a fallback) and slowness (504); a second model of the connection chosen by
 * name reaches Gemini's URL.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "GEMINI_API_KEY=gemini-test-key-123456", "GEMINI_MODEL=stub-gemini",
				"GEMINI_MODELS=stub-gemini-pro", "PROVIDER_ORDER=gemini", "PROVIDER_TIMEOUT=1s" })
@ExtendWith(OutputCaptureExtension.class)
class GeminiProviderIntegrationTests {

	static final AtomicReference<String> mode = new AtomicReference<>("ok");

	static final AtomicReference<String> lastRequest = new AtomicReference<>();

	static final AtomicReference<String> lastBody = new AtomicReference<>("");

	static HttpServer stub;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void gemini(DynamicPropertyRegistry registry) throws IOException {
		stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		stub.createContext("/v1beta/models/", GeminiProviderIntegrationTests::answer);
		stub.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		stub.start();
		registry.add("GEMINI_BASE_URL", () -> "http://127.0.0.1:" + stub.getAddress().getPort() + "/v1beta");
	}

	@AfterEach
	void reset() {
		mode.set("ok");
	}

	@AfterAll
	static void stop() {
		stub.stop(0);
	}

	static void answer(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			lastBody.set(new String(body.readAllBytes(), StandardCharsets.UTF_8));
		}
		lastRequest.set(
				exchange.getRequestURI().getPath() + " key=" + exchange.getRequestHeaders().getFirst("x-goog-api-key"));
		if (mode.get().equals("error")) {
			byte[] error = "{\"error\": {\"code\": 503, \"message\": \"The model is overloaded.\", \"status\": \"UNAVAILABLE\"}}"
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(503, error.length);
			exchange.getResponseBody().write(error);
			exchange.close();
			return;
		}
		if (mode.get().equals("slow")) {
			sleep(3000);
		}
		exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		try (OutputStream out = exchange.getResponseBody()) {
			for (String piece : new String[] { "Hello", " from", " Gemini" }) {
				chunk(out, "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"" + piece
						+ "\"}], \"role\": \"model\"}, \"index\": 0}], \"modelVersion\": \"stub-gemini\"}");
			}
			chunk(out, "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}], \"role\": \"model\"},"
					+ " \"finishReason\": \"STOP\", \"index\": 0}], \"usageMetadata\": {\"promptTokenCount\": 7,"
					+ " \"candidatesTokenCount\": 3, \"totalTokenCount\": 10}, \"modelVersion\": \"stub-gemini\"}");
		}
	}

	static void chunk(OutputStream out, String json) throws IOException {
		out.write(("data: " + json + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void answersThroughGeminiStreamed(CapturedOutput output) {
		Api api = new Api(this.port);
		String token = api.newUser("geminiuser").path("access_token").asString();
		JsonNode reply = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"a question for gemini\"}"));
		assertThat(reply.path("reply").asString()).isEqualTo("Hello from Gemini");
		assertThat(reply.path("provider").asString()).isEqualTo("gemini");
		assertThat(reply.path("usage").path("total_tokens").asInt()).isEqualTo(10);
		assertThat(lastRequest.get()).startsWith("/v1beta/models/stub-gemini:streamGenerateContent")
			.endsWith("key=gemini-test-key-123456");
		HttpResponse<String> stream = api.http()
			.send("POST", "/api/v1/chat", BodyPublishers.ofString("{\"message\": \"stream it\"}"), "Authorization",
					"Bearer " + token, "Content-Type", "application/json", "Accept", "text/event-stream");
		assertThat(stream.body()).contains("{\"text\":\"Hello\"}").contains("{\"text\":\" Gemini\"}");
		assertThat(output.getAll()).doesNotContain("gemini-test-key-123456").doesNotContain("a question for gemini");
	}

	@Test
	void openAiParametersReachGeminisGenerationConfig() {
		Api api = new Api(this.port);
		String key = api.createApiKey(api.newUser("geminiparams").path("access_token").asString(), "sdk");
		HttpResponse<String> response = api.post("/v1/chat/completions", key,
				"{\"model\": \"stub-gemini\", \"temperature\": 0.3, \"top_p\": 0.8, \"stop\": [\"END\"], "
						+ "\"max_completion_tokens\": 77, \"seed\": 42, \"presence_penalty\": 0.5, "
						+ "\"frequency_penalty\": -0.5, \"user\": \"someone@example.org\", \"cache\": false, "
						+ "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode config = Http.json(lastBody.get()).path("generationConfig");
		assertThat(config.path("temperature").asDouble()).isEqualTo(0.3);
		assertThat(config.path("topP").asDouble()).isEqualTo(0.8);
		assertThat(config.path("stopSequences").get(0).asString()).isEqualTo("END");
		assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(77);
		assertThat(config.path("seed").asInt()).isEqualTo(42);
		assertThat(config.path("presencePenalty").asDouble()).isEqualTo(0.5);
		assertThat(config.path("frequencyPenalty").asDouble()).isEqualTo(-0.5);
		assertThat(lastBody.get()).doesNotContain("someone@example.org");
		assertThat(Http.json(response).path("model").asString()).isEqualTo("stub-gemini");
	}

	@Test
	void aModelChosenByNameIsTheOneGeminiIsAskedFor() {
		mode.set("ok");
		Api api = new Api(this.port);
		String token = api.newUser("geminipro").path("access_token").asString();
		HttpResponse<String> response = api.post("/api/v1/chat", token,
				"{\"message\": \"hello pro\", \"model\": \"stub-gemini-pro\", \"cache\": false}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(lastRequest.get()).startsWith("/v1beta/models/stub-gemini-pro:streamGenerateContent");
	}

	@Test
	void anErrorWithNoOtherProviderIs503WithRetryAfter() {
		mode.set("error");
		Api api = new Api(this.port);
		String token = api.newUser("geminidown").path("access_token").asString();
		HttpResponse<String> response = api.post("/api/v1/chat", token, "{\"message\": \"hello\"}");
		assertProblem(response, 503, "PROVIDER_UNAVAILABLE");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
	}

	@Test
	void aProviderTooSlowIs504() {
		mode.set("slow");
		Api api = new Api(this.port);
		String token = api.newUser("geminislow").path("access_token").asString();
		assertProblem(api.post("/api/v1/chat", token, "{\"message\": \"hello\"}"), 504, "PROVIDER_TIMEOUT");
	}

}
