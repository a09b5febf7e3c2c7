package dev.bastion.web;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Import;

import dev.bastion.support.EdgeProbe;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP edge in its default (development) configuration, through the real server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "MAX_REQUEST_SIZE=64KB")
@Import(EdgeProbe.class)
@ExtendWith(OutputCaptureExtension.class)
class EdgeIntegrationTests {

	static final String JSON_CSP = "default-src 'none'; frame-ancestors 'none'";

	@LocalServerPort
	int port;

	@Autowired
	ServletWebServerApplicationContext context;

	/** A burst of new connections is queued, not dropped: Tomcat's default holds 100. */
	@Test
	void theListenQueueHoldsABurstOfNewConnections() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		assertThat(server.getTomcat().getConnector().getProperty("acceptCount")).isEqualTo(1024);
	}

	/**
	 * Slow or idle connections are let go after 20 s, not Tomcat's 60 s, and no more are
	 * held than an eighth of the heap has room for.
	 */
	@Test
	void connectionsAreBoundedByTheHeapAndLetGoAfterTwentySeconds() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		Connector connector = server.getTomcat().getConnector();
		assertThat(connector.getProperty("connectionTimeout")).isEqualTo(20_000);
		assertThat(connector.getProperty("keepAliveTimeout")).isEqualTo(20_000);
		assertThat(connector.getProperty("maxConnections"))
			.isEqualTo(ConnectionLimits.forHeap(Runtime.getRuntime().maxMemory()));
	}

	Http http() {
		return Http.local(this.port);
	}

	@Test
	void healthIsPublicAndCarriesEverySecurityHeader() {
		HttpResponse<String> response = http().get("/api/v1/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertSecurityHeaders(response, JSON_CSP);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
		JsonNode health = Http.json(response);
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("database").asString()).isEqualTo("UP");
		assertThat(health.path("redis").asString()).isEqualTo("NOT_CONFIGURED");
		assertThat(health.path("providers").isObject()).isTrue();
		assertThat(response.body()).doesNotContainIgnoringCase("version").doesNotContain("h2").doesNotContain("jdbc");
	}

	/**
	 * A plain anonymous {@code GET} is answered without Spring MVC's dispatch; an
	 * {@code Accept} list goes through it. Both answers are the same.
	 */
	@Test
	void healthAnsweredBeforeDispatchIsTheAnswerOfSpringMvc() {
		HttpResponse<String> plain = http().get("/api/v1/health");
		HttpResponse<String> negotiated = http().get("/api/v1/health", "Accept", "application/json, */*;q=0.5");
		assertThat(plain.statusCode()).isEqualTo(negotiated.statusCode()).isEqualTo(200);
		assertThat(Http.json(plain)).isEqualTo(Http.json(negotiated));
		assertThat(headerNames(plain)).isEqualTo(headerNames(negotiated));
		for (String name : List.of("Content-Type", "Cache-Control", "Content-Security-Policy", "RateLimit-Policy",
				"Transfer-Encoding", "Vary")) {
			assertThat(plain.headers().allValues(name)).as(name).isEqualTo(negotiated.headers().allValues(name));
		}
		assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(http().send("HEAD", "/api/v1/health", BodyPublishers.noBody()).statusCode()).isEqualTo(200);
		assertProblem(http().get("/api/v1/health", "Accept", "text/html"), 406, "NOT_ACCEPTABLE");
		assertProblem(http().get("/api/v1/health", "Authorization", "Bearer not-a-token"), 401, "INVALID_TOKEN");
	}

	private static Set<String> headerNames(HttpResponse<String> response) {
		return response.headers().map().keySet();
	}

	@Test
	void errorResponsesCarryTheSecurityHeadersToo() {
		List<HttpResponse<String>> errors = List.of(http().get("/no/such/page"), http().get("/api/v1/users/me"),
				http().send("DELETE", "/api/v1/health", BodyPublishers.noBody()),
				http().postJson("/probe/greetings", "{"), http().get("/probe/failure"));
		for (HttpResponse<String> response : errors) {
			assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
			assertSecurityHeaders(response, JSON_CSP);
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		}
	}

	@Test
	void landingPageUsesAFreshNonceForItsScriptsAndNoUnsafeInline() {
		HttpResponse<String> first = http().get("/", "Accept", "text/html");
		HttpResponse<String> second = http().get("/", "Accept", "text/html");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		String policy = first.headers().firstValue("Content-Security-Policy").orElseThrow();
		String nonce = nonceOf(policy);
		assertThat(policy).isEqualTo(ContentSecurityPolicy.pagePolicy(nonce))
			.doesNotContain("unsafe-inline")
			.doesNotContain("unsafe-eval")
			.contains("require-trusted-types-for 'script'")
			.contains("object-src 'none'")
			.contains("base-uri 'none'")
			.contains("frame-ancestors 'none'");
		assertThat(nonce).hasSizeGreaterThanOrEqualTo(22);
		assertThat(nonceOf(second.headers().firstValue("Content-Security-Policy").orElseThrow())).isNotEqualTo(nonce);
		List<String> scripts = matches(first.body(), "<script[^>]*>");
		assertThat(scripts).isNotEmpty().allSatisfy((tag) -> assertThat(tag).contains("nonce=\"" + nonce + "\""));
		assertThat(first.body()).doesNotContain("style=").doesNotContainPattern("<script[^>]*>[^<]+</script>");
		assertSecurityHeaders(first, policy);
	}

	@Test
	void staticAssetsAreContentHashedAndCachedForAYear() {
		String page = http().get("/").body();
		List<String> assets = matches(page, "(?:href|src)=\"(/assets/[^\"]+)\"");
		assertThat(assets).hasSize(3)
			.allSatisfy((tag) -> assertThat(tag).containsPattern("/assets/[a-z]+-[0-9a-f]{32}\\.(css|js|svg)"));
		String script = assets.stream().filter((tag) -> tag.contains(".js")).findFirst().orElseThrow();
		HttpResponse<String> asset = http().get(script.substring(script.indexOf("/assets/"), script.length() - 1));
		assertThat(asset.statusCode()).isEqualTo(200);
		assertThat(asset.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000");
		assertThat(asset.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	@Test
	void moduleImportsUseTheVersionedNamesAndAssetsAreGzipped() {
		String page = http().get("/").body();
		String app = matches(page, "/assets/app-[0-9a-f]{32}\\.js").getFirst();
		String version = app.substring("/assets/app-".length(), app.length() - ".js".length());
		String module = http().get(app).body();
		List<String> imports = matches(module, "from '[^']+'");
		assertThat(imports).hasSizeGreaterThanOrEqualTo(5)
			.allSatisfy((line) -> assertThat(line).endsWith("-" + version + ".js'"));
		// The screens fetched when first shown are versioned too.
		assertThat(matches(module, "import\\('[^']+'\\)")).hasSizeGreaterThanOrEqualTo(6)
			.allSatisfy((line) -> assertThat(line).endsWith("-" + version + ".js')"));
		String vendor = http().get("/assets/vendor-" + version + ".js").body();
		assertThat(matches(vendor, "import '[^']+'")).containsExactly(
				"import '/assets/vendor/markdown-it/14.1.0/dist/markdown-it.min-" + version + ".js'",
				"import '/assets/vendor/dompurify/3.3.1/dist/purify.min-" + version + ".js'");
		HttpResponse<String> library = http().get(
				"/assets/vendor/markdown-it/14.1.0/dist/markdown-it.min-" + version + ".js", "Accept-Encoding", "gzip");
		assertThat(library.statusCode()).isEqualTo(200);
		assertThat(library.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(library.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
		assertThat(library.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000");
		assertThat(
				http().get("/assets/vendor/markdown-it/14.1.0/dist/markdown-it.min-0123456789abcdef0123456789abcdef.js")
					.statusCode())
			.as("an old version is not served as the new one")
			.isEqualTo(404);
	}

	@Test
	void landingPageLinksToTheApiDescriptionAndHealth() {
		String page = http().get("/").body();
		for (String link : List.of("/api/v1/health", "/v3/api-docs")) {
			assertThat(page).contains("href=\"" + link + "\"");
			assertThat(http().get(link).statusCode()).as(link).isEqualTo(200);
		}
		assertThat(Http.json(http().get("/v3/api-docs")).path("openapi").asString()).startsWith("3.");
	}

	@Test
	void unknownRouteThen404ProblemEvenForBrowsers() {
		assertProblem(http().get("/no/such/page", "Accept", "text/html"), 404, "NOT_FOUND");
		assertProblem(http().get("/assets/missing.js"), 404, "NOT_FOUND");
	}

	@Test
	void protectedApiWithoutTokenThen401Problem() {
		HttpResponse<String> response = http().get("/api/v1/users/me");
		assertProblem(response, 401, "AUTHENTICATION_REQUIRED");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void malformedBearerHeaderThen401InvalidTokenAndOtherSchemesAreNoToken() {
		for (String header : new String[] { "Bearer  abc", "Bearer abc def", "bearer", "Bearer abc=d", "Bearer é" }) {
			HttpResponse<String> response = http().get("/api/v1/users/me", "Authorization", header);
			assertProblem(response, 401, "INVALID_TOKEN");
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(header)
				.hasValue("Bearer error=\"invalid_token\"");
		}
		assertProblem(http().get("/api/v1/users/me", "Authorization", "Basic dXNlcjpwYXNz"), 401,
				"AUTHENTICATION_REQUIRED");
		assertThat(http().get("/api/v1/health", "Authorization", "Basic dXNlcjpwYXNz").statusCode()).isEqualTo(200);
	}

	@Test
	void wrongMethodThen405Problem() {
		assertProblem(http().send("DELETE", "/api/v1/health", BodyPublishers.noBody()), 405, "METHOD_NOT_ALLOWED");
	}

	@Test
	void wrongContentTypeThen415Problem() {
		assertProblem(http().send("POST", "/probe/greetings", BodyPublishers.ofString("name=x"), "Content-Type",
				"text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void malformedJsonThen400Problem() {
		assertProblem(http().postJson("/probe/greetings", "{\"name\": "), 400, "MALFORMED_REQUEST");
		assertProblem(http().postJson("/probe/greetings", "[1, 2"), 400, "MALFORMED_REQUEST");
	}

	@Test
	void deeplyNestedJsonThen400Problem() {
		String nested = "{\"a\": " + "[".repeat(200) + "]".repeat(200) + "}";
		JsonNode problem = assertProblem(http().postJson("/probe/documents", nested), 400, "MALFORMED_REQUEST");
		assertThat(problem.path("detail").asString()).contains("nested too deeply");
	}

	@Test
	void unknownJsonFieldThen400ValidationProblemNamingTheField() {
		JsonNode problem = assertProblem(http().postJson("/probe/greetings", "{\"name\": \"ann\", \"is_admin\": true}"),
				400, "VALIDATION_ERROR");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("is_admin");
	}

	@Test
	void invalidFieldsThen400ValidationProblemWithEveryError() {
		JsonNode problem = assertProblem(
				http().postJson("/probe/greetings", "{\"name\": \" \", \"note\": \"far too long\"}"), 400,
				"VALIDATION_ERROR");
		Set<String> fields = new HashSet<>();
		problem.path("errors").forEach((error) -> {
			fields.add(error.path("field").asString());
			assertThat(error.path("message").asString()).isNotBlank().doesNotContain("far too long");
		});
		assertThat(fields).containsExactlyInAnyOrder("name", "note");
	}

	@Test
	void validJsonIsAccepted() {
		HttpResponse<String> response = http().postJson("/probe/greetings", "{\"name\": \"ann\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.json(response).path("hello").asString()).isEqualTo("ann");
	}

	@Test
	void declaredOversizedBodyThen413Problem() {
		byte[] body = new byte[65 * 1024];
		assertProblem(http().send("POST", "/probe/greetings", BodyPublishers.ofByteArray(body), "Content-Type",
				"application/json"), 413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void chunkedOversizedBodyWithoutContentLengthThen413Problem() {
		String json = "{\"name\": \"" + "a".repeat(70 * 1024) + "\"}";
		HttpResponse<String> response = http().send("POST", "/probe/greetings",
				BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json.getBytes())), "Content-Type",
				"application/json");
		assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void unexpectedFailureThen500WithoutInternals(CapturedOutput output) {
		HttpResponse<String> response = http().get("/probe/failure");
		JsonNode problem = assertProblem(response, 500, "INTERNAL_ERROR");
		assertThat(response.body()).doesNotContain("hunter2").doesNotContain("jdbc").doesNotContain("IllegalState");
		String id = problem.path("request_id").asString();
		assertThat(output.getOut().lines().filter((line) -> line.contains(id)))
			.anySatisfy((line) -> assertThat(line).contains("Unexpected error while handling GET /probe/failure"));
	}

	@Test
	void wellFormedIncomingRequestIdIsKept() {
		HttpResponse<String> response = http().get("/api/v1/health", "X-Request-ID", "client-trace-0001");
		assertThat(response.headers().firstValue("X-Request-ID")).hasValue("client-trace-0001");
	}

	@Test
	void malformedIncomingRequestIdIsReplaced() {
		for (String hostile : List.of("<script>alert(1)</script>", "a".repeat(500), "short", "id with spaces")) {
			HttpResponse<String> response = http().get("/no/such/page", "X-Request-ID", hostile);
			String id = response.headers().firstValue("X-Request-ID").orElseThrow();
			assertThat(id).matches("[0-9a-f-]{36}");
			assertThat(response.body()).doesNotContain(hostile);
		}
	}

	@Test
	void apiNeverCreatesASessionCookie() {
		List<HttpResponse<String>> responses = List.of(http().get("/api/v1/health"), http().get("/api/v1/users/me"),
				http().get("/api/v1/nope"), http().postJson("/api/v1/health", "{}"));
		for (HttpResponse<String> response : responses) {
			assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		}
	}

	@Test
	void pageFormPostWithoutCsrfTokenThen403Problem() {
		JsonNode problem = assertProblem(http().send("POST", "/", BodyPublishers.ofString("a=b"), "Content-Type",
				"application/x-www-form-urlencoded"), 403, "FORBIDDEN");
		assertThat(problem.path("detail").asString()).contains("CSRF");
	}

	@Test
	void crossOriginCallWhenNoOriginIsAllowedThen403WithoutCorsHeaders(CapturedOutput output) {
		HttpResponse<String> response = http().get("/api/v1/health", "Origin", "https://evil.example");
		assertProblem(response, 403, "FORBIDDEN");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(output).contains("CORS_REJECTED").contains("https://evil.example");
		HttpResponse<String> preflight = http().send("OPTIONS", "/api/v1/health", BodyPublishers.noBody(), "Origin",
				"https://evil.example", "Access-Control-Request-Method", "GET");
		assertProblem(preflight, 403, "FORBIDDEN");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void sameOriginCallWithOriginHeaderIsServed() {
		HttpResponse<String> response = http().get("/api/v1/health", "Origin", "http://localhost:" + this.port);
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void forwardedHeadersFromAnUntrustedPeerAreIgnoredAndLogged(CapturedOutput output) {
		HttpResponse<String> response = http().get("/probe/client", "X-Forwarded-For", "203.0.113.9",
				"X-Forwarded-Proto", "https");
		JsonNode client = Http.json(response);
		assertThat(client.path("ip").asString()).isEqualTo("127.0.0.1");
		assertThat(client.path("secure").asBoolean()).isFalse();
		assertThat(output).contains("SUSPICIOUS_FORWARDED_HEADER").contains("untrusted peer 127.0.0.1");
	}

	@Test
	void cspViolationReportIsAcceptedAndLogged(CapturedOutput output) {
		String report = """
				{"csp-report": {"document-uri": "http://localhost/", "violated-directive": "script-src-elem",
				"blocked-uri": "https://evil.example/x.js"}}""";
		HttpResponse<String> response = http().send("POST", "/api/v1/csp-reports", BodyPublishers.ofString(report),
				"Content-Type", "application/csp-report");
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(output).contains("CSP_VIOLATION");
		assertProblem(http().send("POST", "/api/v1/csp-reports", BodyPublishers.ofString("{nope"), "Content-Type",
				"application/csp-report"), 400, "MALFORMED_REQUEST");
	}

	static void assertSecurityHeaders(HttpResponse<String> response, String csp) {
		assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(csp);
		assertThat(response.headers().allValues("Content-Security-Policy")).hasSize(1);
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(response.headers().firstValue("Permissions-Policy").orElseThrow()).startsWith("microphone=(self),")
			.contains("camera=()")
			.contains("geolocation=()");
		assertThat(response.headers().firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
		assertThat(response.headers().firstValue("Cross-Origin-Resource-Policy")).hasValue("same-origin");
		assertThat(response.headers().firstValue("X-XSS-Protection")).hasValue("0");
		assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
	}

	static String nonceOf(String policy) {
		Matcher matcher = Pattern.compile("'nonce-([A-Za-z0-9_-]+)'").matcher(policy);
		assertThat(matcher.find()).as("nonce in %s", policy).isTrue();
		return matcher.group(1);
	}

	static List<String> matches(String text, String regex) {
		return Pattern.compile(regex).matcher(text).results().map((result) -> result.group()).toList();
	}

}
