package dev.bastion.web;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.RawHttp;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous bodies built to fill the heap (the image runs with {@code -Xmx192m}), sent as
 * an attacker sends them through the real server at the default {@code MAX_REQUEST_SIZE}
 * (10 MB): each is refused early with its problem, and the server answers the next
 * request. {@code REQUEST_BODY_TIMEOUT} is 3 s instead of 30 s, so that a body sent a
 * byte at a time is given up within the test's patience.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "REQUEST_BODY_TIMEOUT=3s")
class HeapExhaustionIntegrationTests {

	/** Long enough for a loaded machine, far shorter than any read timeout. */
	private static final Duration PROMPTLY = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	Http http() {
		return Http.local(this.port);
	}

	/**
	 * 9 MB of {@code {}} for the login's passkey credential, a field read as a JSON tree:
	 * three million objects, some 300 MB of heap, had the reader not stopped counting at
	 * {@code max-token-count}.
	 */
	@Test
	void tokenBombOnAnonymousLoginThen400AndTheServerStillAnswers() {
		String bomb = "{\"username\": \"bomb\", \"password\": \"bomb-password\", \"passkey\": {\"credential\": ["
				+ "{},".repeat(3_000_000) + "{}]}}";
		JsonNode problem = assertProblem(http().postJson("/api/v1/auth/login", bomb), 400, "MALFORMED_REQUEST");
		assertThat(problem.path("detail").asString()).contains("too large");
		assertThat(http().get("/api/v1/health").statusCode()).isEqualTo(200);
	}

	/**
	 * A small document of many tokens (60 KB, under the document bound, 40,000 tokens):
	 * the token bound alone refuses it.
	 */
	@Test
	void manyTokensInASmallDocumentThen400() {
		String tokens = "{\"username\": \"tokens\", \"password\": \"tokens-password\", \"passkey\": {\"credential\": ["
				+ "{},".repeat(20_000) + "{}]}}";
		assertThat(tokens.length()).isLessThan(65_536);
		JsonNode problem = assertProblem(http().postJson("/api/v1/auth/login", tokens), 400, "MALFORMED_REQUEST");
		assertThat(problem.path("detail").asString()).contains("too large");
	}

	/**
	 * A string longer than any field may be (chat's 32,000 characters at the defaults) is
	 * refused while reading, whatever field it is for.
	 */
	@Test
	void stringLongerThanTheLongestFieldThen400() {
		String login = "{\"username\": \"long\", \"password\": \"" + "p".repeat(40_000) + "\"}";
		JsonNode problem = assertProblem(http().postJson("/api/v1/auth/login", login), 400, "MALFORMED_REQUEST");
		assertThat(problem.path("detail").asString()).contains("too large");
	}

	/**
	 * Many strings, each under the bound, in a document larger than any legitimate one (a
	 * conversation of 32,000 characters, each written as a six-byte escape): refused
	 * while reading, not kept as a tree of 300 KB.
	 */
	@Test
	void documentLargerThanAnyLegitimateBodyThen400() {
		String strings = ("\"" + "s".repeat(30_000) + "\",").repeat(9);
		String login = "{\"username\": \"many\", \"password\": \"many-password\", \"passkey\": {\"credential\": ["
				+ strings + "\"end\"]}}";
		assertProblem(http().postJson("/api/v1/auth/login", login), 400, "MALFORMED_REQUEST");
	}

	/**
	 * The longest legitimate field, a preset's system prompt of CHAT_MAX_CONTEXT_CHARS
	 * characters, still passes, even with every character written as a JSON escape.
	 */
	@Test
	void longestLegitimateFieldWrittenAsEscapesIsAccepted() {
		Api api = new Api(this.port);
		String token = api.newUser("prompt").path("access_token").asString();
		String preset = "{\"name\": \"Longest\", \"system_prompt\": \"" + "\\u00e9".repeat(32_000) + "\"}";
		assertThat(preset.length()).isGreaterThan(6 * 32_000);
		HttpResponse<String> created = api.post("/api/v1/users/me/presets", token, preset);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	/**
	 * A body sent a byte every 200 ms to the public refresh endpoint, never pausing long
	 * enough for Tomcat's read timeout: given up once {@code REQUEST_BODY_TIMEOUT} has
	 * passed, answered, and the server still serves the next request.
	 */
	@Test
	void bodyTrickledSlowerThanTheBoundThen400() {
		String head = "POST /api/v1/auth/refresh HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
				+ "\r\nContent-Length: 100000";
		long start = System.nanoTime();
		String answer = RawHttp.trickle(this.port, head, Duration.ofMillis(200), PROMPTLY);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
		JsonNode problem = assertRawProblem(answer, 400, "MALFORMED_REQUEST");
		assertThat(problem.path("detail").asString()).contains("did not arrive in time");
		assertThat(http().get("/api/v1/health").statusCode()).isEqualTo(200);
	}

	/**
	 * A chunked report that goes on past 16 KB and never ends: refused once 16 KB and one
	 * byte arrived, without waiting for (or keeping) the rest.
	 */
	@Test
	void chunkedCspReportOverSixteenKilobytesThen413WithoutReadingTheRest() {
		String chunk = "{\"csp-report\": {\"padding\": \"" + "a".repeat(20 * 1024);
		String head = "POST /api/v1/csp-reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/csp-report"
				+ "\r\nTransfer-Encoding: chunked";
		String answer = RawHttp.sendAndHold(this.port, head,
				(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII),
				PROMPTLY);
		assertRawProblem(answer, 413, "PAYLOAD_TOO_LARGE");
	}

	/**
	 * A report that claims more than 16 KB (under the request limit) and sends a few
	 * bytes: refused on its word, before reading.
	 */
	@Test
	void cspReportDeclaringOverSixteenKilobytesThen413BeforeItsBodyArrives() {
		String head = "POST /api/v1/csp-reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/csp-report"
				+ "\r\nContent-Length: 60000";
		String answer = RawHttp.sendAndHold(this.port, head, "{\"csp-report\": {".getBytes(StandardCharsets.US_ASCII),
				PROMPTLY);
		assertRawProblem(answer, 413, "PAYLOAD_TOO_LARGE");
	}

	private static JsonNode assertRawProblem(String answer, int status, String code) {
		assertThat(RawHttp.status(answer)).as(answer).isEqualTo(status);
		assertThat(RawHttp.header(answer, "Content-Type")).hasValue("application/problem+json");
		JsonNode problem = Http.json(RawHttp.body(answer));
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("code").asString()).isEqualTo(code);
		return problem;
	}

}
