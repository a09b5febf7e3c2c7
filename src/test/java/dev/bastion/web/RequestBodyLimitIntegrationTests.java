package dev.bastion.web;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Api;

import static dev.bastion.support.Problems.assertProblem;

/**
 * Request bodies at the default {@code MAX_REQUEST_SIZE} (10 MB), through the real
 * server: a body over it is {@code 413} however it is framed and whatever JSON it holds,
 * while the JSON reader's own bounds (a string of 32,000 characters, a document of
 * 257,536 bytes at the defaults) still refuse such a string in a body under the limit.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RequestBodyLimitIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void aChunkedBodyOverTheLimitIsTooLargeEvenAsWellFormedJsonWithOneHugeString() {
		Api api = new Api(this.port);
		String token = api.newUser("huge").path("access_token").asString();
		String json = "{\"message\": \"" + "a".repeat(11 * 1024 * 1024) + "\"}";
		assertProblem(api.http()
			.send("POST", "/api/v1/chat", chunked(json), "Authorization", "Bearer " + token, "Content-Type",
					"application/json"),
				413, "PAYLOAD_TOO_LARGE");
		String registration = "{\"username\": \"" + "u".repeat(11 * 1024 * 1024)
				+ "\", \"email\": \"x@example.org\", \"password\": \"" + Api.PASSWORD + "\"}";
		assertProblem(
				api.http()
					.send("POST", "/api/v1/auth/register", chunked(registration), "Content-Type", "application/json"),
				413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void aStringOverTheJsonBoundInABodyUnderTheLimitIsStillRefused() {
		Api api = new Api(this.port);
		String token = api.newUser("long").path("access_token").asString();
		String json = "{\"message\": \"" + "a".repeat(1_500_000) + "\"}";
		HttpResponse<String> chunkedAnswer = api.http()
			.send("POST", "/api/v1/chat", chunked(json), "Authorization", "Bearer " + token, "Content-Type",
					"application/json");
		assertProblem(chunkedAnswer, 400, "MALFORMED_REQUEST");
		assertProblem(api.post("/api/v1/chat", token, json), 400, "MALFORMED_REQUEST");
	}

	/** A body without {@code Content-Length}, sent in chunks. */
	private static BodyPublisher chunked(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
	}

}
