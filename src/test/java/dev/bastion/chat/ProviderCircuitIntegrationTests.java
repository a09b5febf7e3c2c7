package dev.bastion.chat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that keeps failing is retried once per call, then its circuit opens: it is
 * no longer called, the next provider answers at once, and health shows it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-failing", "PROVIDER_ORDER=openai,offline", "PROVIDER_TIMEOUT=3s" })
@ExtendWith(OutputCaptureExtension.class)
class ProviderCircuitIntegrationTests {

	static final AtomicInteger calls = new AtomicInteger();

	static HttpServer failing;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void openai(DynamicPropertyRegistry registry) throws IOException {
		failing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		failing.createContext("/v1/chat/completions", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				body.readAllBytes();
			}
			calls.incrementAndGet();
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		failing.start();
		registry.add("OPENAI_BASE_URL", () -> "http://127.0.0.1:" + failing.getAddress().getPort() + "/v1");
	}

	@AfterAll
	static void stop() {
		failing.stop(0);
	}

	@Test
	void repeatedFailuresOpenTheCircuitAndTheNextProviderAnswers(CapturedOutput output) {
		Api api = new Api(this.port);
		String token = api.newUser("circuit").path("access_token").asString();
		JsonNode healthy = Http.json(api.http().get("/api/v1/health"));
		assertThat(healthy.path("providers").path("openai").path("circuit").asString()).isEqualTo("CLOSED");
		for (int i = 0; i < 4; i++) {
			JsonNode reply = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"hello\"}"));
			assertThat(reply.path("provider").asString()).isEqualTo("offline");
		}
		assertThat(calls.get()).as("each call retried once").isEqualTo(8);
		JsonNode reply = Http.json(api.post("/api/v1/chat", token, "{\"message\": \"hello again\"}"));
		assertThat(reply.path("provider").asString()).isEqualTo("offline");
		assertThat(calls.get()).as("an open circuit is not called").isEqualTo(8);
		assertThat(output).contains("PROVIDER_CIRCUIT_OPENED");
		JsonNode degraded = Http.json(api.http().get("/api/v1/health"));
		assertThat(degraded.path("status").asString()).isEqualTo("DEGRADED");
		assertThat(degraded.path("providers").path("openai").path("circuit").asString()).isEqualTo("OPEN");
		assertThat(degraded.path("providers").path("openai").path("status").asString()).isEqualTo("DOWN");
		assertThat(degraded.path("providers").path("offline").path("status").asString()).isEqualTo("UP");
	}

}
