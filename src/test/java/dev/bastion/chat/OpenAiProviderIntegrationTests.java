package dev.bastion.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The openai provider against a local server speaking the OpenAI wire format (streamed
 * chunks, error bodies), with fallback to the offline provider.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-stub-key-123456", "OPENAI_MODEL=stub-model",
				"PROVIDER_ORDER=openai,offline", "PROVIDER_TIMEOUT=3s" })
@ExtendWith(OutputCaptureExtension.class)
class OpenAiProviderIntegrationTests {

	static final AtomicReference<String> mode = new AtomicReference<>("ok");

	static final AtomicReference<String> lastAuthorization = new AtomicReference<>();

	static final AtomicReference<String> lastBody = new AtomicReference<>("");

	static final AtomicInteger slowChunksSent = new AtomicInteger();

	static final CountDownLatch slowStreamBroken = new CountDownLatch(1);

	static HttpServer stub;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void openai(DynamicPropertyRegistry registry) throws IOException {
		stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		stub.createContext("/v1/chat/completions", OpenAiProviderIntegrationTests::answer);
		stub.start();
		registry.add("OPENAI_BASE_URL", () -> "http://127.0.0.1:" + stub.getAddress().getPort() + "/v1");
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
		lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
		if (mode.get().equals("error")) {
			byte[] error = "{\"error\": {\"message\": \"The server had an error\", \"type\": \"server_error\"}}"
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(500, error.length);
			exchange.getResponseBody().write(error);
			exchange.close();
			return;
		}
		exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		if (mode.get().equals("slow")) {
			slow(exchange);
			return;
		}
		try (OutputStream out = exchange.getResponseBody()) {
			for (String piece : new String[] { "Hello", " from", " the stub" }) {
				chunk(out,
						"{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"stub-model\","
								+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece
								+ "\"},\"finish_reason\":null}]}");
			}
			chunk(out,
					"{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"stub-model\","
							+ "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
							+ "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}");
			out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
		}
	}

	/**
	 * A long answer, one word every 100 ms, that notices when nobody reads it any more.
	 */
	static void slow(HttpExchange exchange) {
		try (OutputStream out = exchange.getResponseBody()) {
			for (int i = 0; i < 100; i++) {
				chunk(out, "{\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"stub-model\","
						+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word \"},\"finish_reason\":null}]}");
				slowChunksSent.incrementAndGet();
				Thread.sleep(100);
			}
			out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			slowStreamBroken.countDown();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void chunk(OutputStream out, String json) throws IOException {
		out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	@Test
	void answersThroughTheOpenAiCompatibleServer(CapturedOutput output) {
		Api api = new Api(this.port);
		String token = api.newUser("modeluser").path("access_token").asString();
		JsonNode reply = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"a secret question\"}"));
		assertThat(reply.path("reply").asString()).isEqualTo("Hello from the stub");
		assertThat(reply.path("provider").asString()).isEqualTo("openai");
		assertThat(reply.path("model").asString()).isEqualTo("stub-model");
		assertThat(reply.path("usage").path("total_tokens").asInt()).isEqualTo(13);
		assertThat(lastAuthorization.get()).isEqualTo("Bearer sk-test-stub-key-123456");
		HttpResponse<String> stream = api.http()
			.send("POST", "/api/v1/chat", BodyPublishers.ofString("{\"message\": \"again\"}"), "Authorization",
					"Bearer " + token, "Content-Type", "application/json", "Accept", "text/event-stream");
		assertThat(stream.body()).contains("{\"text\":\"Hello\"}")
			.contains("{\"text\":\" the stub\"}")
			.contains("event:done");
		assertThat(output.getAll()).doesNotContain("sk-test-stub-key-123456").doesNotContain("a secret question");
	}

	@Test
	void aFailingProviderHandsOverToTheNext() {
		mode.set("error");
		Api api = new Api(this.port);
		String token = api.newUser("fallback").path("access_token").asString();
		JsonNode reply = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"hello\"}"));
		assertThat(reply.path("provider").asString()).isEqualTo("offline");
	}

	@Test
	void stoppingAStreamStopsAskingTheProvider() throws Exception {
		mode.set("slow");
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
		assertThat(slowStreamBroken.await(8, TimeUnit.SECONDS)).as("the provider stream was cancelled").isTrue();
		assertThat(slowChunksSent.get()).isLessThan(60);
	}

	@Test
	void maxTokensIsPassedToTheProvider() {
		Api api = new Api(this.port);
		String token = api.newUser("bounded").path("access_token").asString();
		api.post("/api/v1/chat", token, "{\"message\": \"be brief\", \"max_tokens\": 64, \"cache\": false}");
		assertThat(lastBody.get()).containsPattern("\"max_(completion_)?tokens\"\\s*:\\s*64\\b");
	}

}
