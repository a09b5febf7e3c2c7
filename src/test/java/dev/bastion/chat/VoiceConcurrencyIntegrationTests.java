package dev.bastion.chat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each transcription holds its whole recording on the heap while the provider works, so
 * only as many run at once as fit in an eighth of the heap at the largest recording. The
 * largest recording is set here to half of that eighth of this JVM's heap, which leaves
 * room for two: a third voice message while two are being transcribed waits a moment,
 * then gets 503 {@code PROVIDER_UNAVAILABLE} with {@code Retry-After}, and the two are
 * still answered.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-speech-123456", "PROVIDER_ORDER=offline", "SPEECH_MODEL=stub-whisper" })
class VoiceConcurrencyIntegrationTests {

	static final int CONCURRENT_TRANSCRIPTIONS = 2;

	static final AtomicInteger arrived = new AtomicInteger();

	static final CountDownLatch release = new CountDownLatch(1);

	static HttpServer stub;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void speech(DynamicPropertyRegistry registry) throws IOException {
		stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		stub.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		stub.createContext("/v1/audio/transcriptions", VoiceConcurrencyIntegrationTests::transcribe);
		stub.start();
		registry.add("OPENAI_BASE_URL", () -> "http://127.0.0.1:" + stub.getAddress().getPort() + "/v1");
		registry.add("VOICE_TEMP_DIR", () -> tempDir().toString());
		long largestRecording = Runtime.getRuntime().maxMemory() / 8 / CONCURRENT_TRANSCRIPTIONS;
		registry.add("bastion.chat.voice.max-bytes", () -> largestRecording + "B");
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("bastion-voice-concurrency");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void stop() {
		release.countDown();
		stub.stop(0);
	}

	/** Holds every transcription until the test lets them go. */
	static void transcribe(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
		}
		arrived.incrementAndGet();
		try {
			release.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		byte[] answer = "{\"text\": \"one of many\"}".getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, answer.length);
		exchange.getResponseBody().write(answer);
		exchange.close();
	}

	@Test
	void moreVoiceMessagesThanTranscriptionSlotsThenTheExtraIs503AndTheOthersAreAnswered() throws Exception {
		String token = new Api(this.port).newUser("chorus").path("access_token").asString();
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<CompletableFuture<HttpResponse<String>>> held = List.of(
					CompletableFuture.supplyAsync(() -> upload(token), callers),
					CompletableFuture.supplyAsync(() -> upload(token), callers));
			awaitArrived(CONCURRENT_TRANSCRIPTIONS);

			HttpResponse<String> extra = upload(token);
			assertProblem(extra, 503, "PROVIDER_UNAVAILABLE");
			assertThat(extra.headers().firstValue("Retry-After")).hasValue("30");
			assertThat(arrived).as("the extra one never reached the provider").hasValue(CONCURRENT_TRANSCRIPTIONS);

			release.countDown();
			for (CompletableFuture<HttpResponse<String>> answer : held) {
				HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(Http.json(response).path("transcript").asString()).isEqualTo("one of many");
			}
		}
		assertThat(upload(token).statusCode()).as("the slots are free again").isEqualTo(200);
	}

	private static void awaitArrived(int count) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (arrived.get() < count && Instant.now().isBefore(deadline)) {
			Thread.sleep(20);
		}
		assertThat(arrived).hasValue(count);
	}

	private HttpResponse<String> upload(String token) {
		String boundary = "bastion-test-boundary-5e2a";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"note.wav\""
				+ "\r\nContent-Type: audio/wav\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(VoiceIntegrationTests.wav(1000));
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return Http.local(this.port)
			.send("POST", "/api/v1/voice", BodyPublishers.ofByteArray(body.toByteArray()), "Content-Type",
					"multipart/form-data; boundary=" + boundary, "Authorization", "Bearer " + token);
	}

}
