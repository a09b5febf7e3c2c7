package dev.bastion.health;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Metrics;
import dev.bastion.support.OpenAiStub;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator's Prometheus scrapes from the management port after real requests:
 * tokens, latency and time to first token of a chat through a local OpenAI-compatible
 * server ({@code openai}, model {@code alpha-1}), a circuit opened by a second one that
 * always fails ({@code broken}, model {@code broken-1}: a model asked for by name has no
 * offline fallback, so each call is a 503), logins by outcome, a 429, a ban and a cache
 * hit, each with exact names, labels and increments; and the Grafana dashboard in docs/
 * queries only series the server exports.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-alpha", "OPENAI_MODEL=alpha-1", "OPENAI_MODELS=alpha-1",
				"PROVIDER_ORDER=openai,broken,offline", "PROVIDER_CIRCUIT_OPEN_FOR=10m", "TRUSTED_PROXIES=127.0.0.1",
				"BAN_AFTER_FAILED_LOGINS=3", "RATE_LIMIT_HEALTH=2/1m" })
class PrometheusMetricsIntegrationTests {

	static final Path DASHBOARD = Path.of("docs/grafana/bastion.json");

	static final Map<String, String> ALPHA = Map.of("gen_ai_operation_name", "chat", "gen_ai_request_model", "alpha-1",
			"bastion_connection", "openai");

	static OpenAiStub alpha;

	static OpenAiStub broken;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	Api api;

	@DynamicPropertySource
	static void connections(DynamicPropertyRegistry registry) throws IOException {
		alpha = new OpenAiStub("Alpha answers.", "alpha-1");
		broken = new OpenAiStub("Never heard.", "broken-1");
		broken.failNext(Integer.MAX_VALUE);
		Path file = Files.createTempDirectory("models-file").resolve("models.yaml");
		Files.writeString(file, """
				connections:
				  - name: broken
				    type: openai
				    base-url: %s
				    api-key: sk-test-broken
				    models: [broken-1]
				""".formatted(broken.baseUrl()));
		registry.add("OPENAI_BASE_URL", alpha::baseUrl);
		registry.add("MODELS_FILE", file::toString);
	}

	@AfterAll
	static void stop() {
		alpha.close();
		broken.close();
	}

	@BeforeEach
	void api() {
		this.api = new Api(this.port);
	}

	double metric(String name, Map<String, String> labels) {
		return Metrics.sum(this.managementPort, name, labels);
	}

	static Map<String, String> with(Map<String, String> labels, String... more) {
		Map<String, String> all = new LinkedHashMap<>(labels);
		for (int i = 0; i < more.length; i += 2) {
			all.put(more[i], more[i + 1]);
		}
		return all;
	}

	JsonNode chat(String token, String json) {
		HttpResponse<String> response = this.api.post("/api/v1/chat", token, json);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response);
	}

	@Test
	void aChatCountsItsTokensPerTypeAndTimesTheCallAndItsFirstToken() {
		String token = this.api.newUser("metered").path("access_token").asString();
		Map<String, String> input = with(ALPHA, "gen_ai_token_type", "input");
		Map<String, String> output = with(ALPHA, "gen_ai_token_type", "output");
		Map<String, String> succeeded = with(ALPHA, "error_type", "none");
		double inputBefore = metric("gen_ai_client_token_usage_sum", input);
		double outputBefore = metric("gen_ai_client_token_usage_sum", output);
		double callsBefore = metric("gen_ai_client_token_usage_count", input);
		double durationsBefore = metric("gen_ai_client_operation_duration_seconds_count", succeeded);
		double firstTokensBefore = metric("gen_ai_server_time_to_first_token_seconds_count", ALPHA);

		JsonNode reply = chat(token, "{\"message\": \"count me\", \"cache\": false}");
		assertThat(reply.path("provider").asString()).isEqualTo("openai");

		// The stub reports 5 prompt and 3 completion tokens a call.
		assertThat(metric("gen_ai_client_token_usage_sum", input)).isEqualTo(inputBefore + 5);
		assertThat(metric("gen_ai_client_token_usage_sum", output)).isEqualTo(outputBefore + 3);
		assertThat(metric("gen_ai_client_token_usage_count", input)).isEqualTo(callsBefore + 1);
		assertThat(metric("gen_ai_client_token_usage_bucket", with(input, "le", "4.0")))
			.as("5 tokens are above the 4 bucket")
			.isEqualTo(metric("gen_ai_client_token_usage_bucket", with(input, "le", "1.0")));
		assertThat(metric("gen_ai_client_operation_duration_seconds_count", succeeded)).isEqualTo(durationsBefore + 1);
		assertThat(metric("gen_ai_client_operation_duration_seconds_bucket", with(succeeded, "le", "81.92")))
			.isEqualTo(durationsBefore + 1);
		assertThat(metric("gen_ai_server_time_to_first_token_seconds_count", ALPHA)).isEqualTo(firstTokensBefore + 1);
	}

	@Test
	void noSeriesCarriesAUserOrWhatTheyWrote() {
		JsonNode user = this.api.newUser("private");
		String token = user.path("access_token").asString();
		chat(token, "{\"message\": \"zebra-secret-phrase\", \"cache\": false}");
		HttpResponse<String> scrape = Http.local(this.managementPort).get("/actuator/prometheus");
		assertThat(scrape.body()).doesNotContain(user.path("user").path("id").asString())
			.doesNotContain(user.path("user").path("username").asString())
			.doesNotContain("zebra-secret-phrase");
		assertProblem(chat404(token, "{\"message\": \"hi\", \"model\": \"made-up-model-xyz\"}"), 404,
				"MODEL_NOT_FOUND");
		assertThat(Http.local(this.managementPort).get("/actuator/prometheus").body())
			.as("a model nobody configured never becomes a label")
			.doesNotContain("made-up-model-xyz");
	}

	HttpResponse<String> chat404(String token, String json) {
		return this.api.post("/api/v1/chat", token, json);
	}

	@Test
	void aRepeatedQuestionIsACacheMissThenAHit() {
		String token = this.api.newUser("cached").path("access_token").asString();
		double hits = metric("bastion_chat_cache_hits_total", Map.of());
		double misses = metric("bastion_chat_cache_misses_total", Map.of());
		assertThat(chat(token, "{\"message\": \"same question\"}").path("cached").asBoolean()).isFalse();
		assertThat(chat(token, "{\"message\": \"same question\"}").path("cached").asBoolean()).isTrue();
		assertThat(metric("bastion_chat_cache_hits_total", Map.of())).isEqualTo(hits + 1);
		assertThat(metric("bastion_chat_cache_misses_total", Map.of())).isEqualTo(misses + 1);
	}

	@Test
	void loginsAreCountedByOutcomeAndReason() {
		String name = Api.uniqueName("login");
		this.api.register(name);
		Map<String, String> failed = Map.of("outcome", "failure", "reason", "password");
		Map<String, String> succeeded = Map.of("outcome", "success", "reason", "password");
		double failures = metric("bastion_logins_total", failed);
		double successes = metric("bastion_logins_total", succeeded);
		HttpResponse<String> wrong = Http.local(this.port)
			.postJson("/api/v1/auth/login", "{\"username\": \"" + name + "\", \"password\": \"not-the-password-1\"}",
					"X-Forwarded-For", "198.51.100.21");
		assertProblem(wrong, 401, "INVALID_CREDENTIALS");
		assertThat(this.api.login(name, Api.PASSWORD).statusCode()).isEqualTo(200);
		assertThat(metric("bastion_logins_total", failed)).isEqualTo(failures + 1);
		assertThat(metric("bastion_logins_total", succeeded)).isEqualTo(successes + 1);
	}

	@Test
	void aRequestOverTheLimitIsCountedUnderItsEndpointClass() {
		Map<String, String> health = Map.of("policy", "health");
		double before = metric("bastion_http_rate_limited_total", health);
		double chat = metric("bastion_http_rate_limited_total", Map.of("policy", "chat"));
		for (int i = 0; i < 2; i++) {
			assertThat(Http.local(this.port).get("/api/v1/health", "X-Forwarded-For", "198.51.100.31").statusCode())
				.isEqualTo(200);
		}
		assertProblem(Http.local(this.port).get("/api/v1/health", "X-Forwarded-For", "198.51.100.31"), 429,
				"RATE_LIMIT_EXCEEDED");
		assertThat(metric("bastion_http_rate_limited_total", health)).isEqualTo(before + 1);
		assertThat(metric("bastion_http_rate_limited_total", Map.of("policy", "chat"))).isEqualTo(chat);
	}

	@Test
	void anAddressBannedForBruteForceIsCounted() {
		double bans = metric("bastion_bans_total", Map.of());
		String victim = Api.uniqueName("victim");
		for (int i = 0; i < 4; i++) {
			Http.local(this.port)
				.postJson("/api/v1/auth/login", "{\"username\": \"" + victim + "\", \"password\": \"guess-" + i + "\"}",
						"X-Forwarded-For", "203.0.113.41");
		}
		assertProblem(Http.local(this.port).get("/api/v1/health", "X-Forwarded-For", "203.0.113.41"), 403, "FORBIDDEN");
		assertThat(metric("bastion_bans_total", Map.of())).isEqualTo(bans + 1);
	}

	@Test
	void aConnectionThatKeepsFailingOpensItsCircuitAndEachFailedCallIsTimed() {
		String token = this.api.newUser("breaker").path("access_token").asString();
		Map<String, String> open = Map.of("name", "broken", "state", "open");
		Map<String, String> unavailable = Map.of("gen_ai_request_model", "broken-1", "bastion_connection", "broken",
				"error_type", "unavailable");
		assertThat(metric("resilience4j_circuitbreaker_state", open)).isZero();
		assertThat(metric("resilience4j_circuitbreaker_state", Map.of("name", "broken", "state", "closed")))
			.isEqualTo(1);
		for (int i = 0; i < 4; i++) {
			assertProblem(this.api.post("/api/v1/chat", token, "{\"message\": \"anyone?\", \"model\": \"broken-1\"}"),
					503, "PROVIDER_UNAVAILABLE");
		}
		assertThat(metric("resilience4j_circuitbreaker_state", open)).isEqualTo(1);
		assertThat(metric("resilience4j_circuitbreaker_state", Map.of("name", "openai", "state", "closed")))
			.isEqualTo(1);
		assertThat(metric("gen_ai_client_operation_duration_seconds_count", unavailable))
			.as("four calls, each tried twice")
			.isEqualTo(8);
		assertProblem(this.api.post("/api/v1/chat", token, "{\"message\": \"still there?\", \"model\": \"broken-1\"}"),
				503, "PROVIDER_UNAVAILABLE");
		assertThat(metric("gen_ai_client_operation_duration_seconds_count", unavailable))
			.as("a call the open circuit refused never reached the connection")
			.isEqualTo(8);
	}

	@Test
	void theDashboardQueriesOnlySeriesTheServerExports() throws IOException {
		String token = this.api.newUser("dashboard").path("access_token").asString();
		chat(token, "{\"message\": \"fill the histograms\", \"cache\": false}");
		Set<String> exported = Metrics.scrape(this.managementPort)
			.stream()
			.map(Metrics.Series::name)
			.collect(Collectors.toSet());
		Set<String> queried = queriedMetrics(JsonMapper.builder().build().readTree(Files.readString(DASHBOARD)));
		assertThat(queried).contains("gen_ai_client_token_usage_sum", "gen_ai_client_operation_duration_seconds_bucket",
				"gen_ai_server_time_to_first_token_seconds_bucket", "resilience4j_circuitbreaker_state",
				"bastion_http_rate_limited_total", "bastion_bans_total", "bastion_logins_total",
				"bastion_chat_cache_hits_total");
		assertThat(exported).containsAll(queried);
	}

	/**
	 * The series names in every panel's {@code expr}: a name directly followed by its
	 * label selector or range (the dashboard writes each with one).
	 */
	static Set<String> queriedMetrics(JsonNode dashboard) {
		Pattern selector = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{\\[]");
		Set<String> names = new TreeSet<>();
		for (JsonNode expr : dashboard.findValues("expr")) {
			Matcher matcher = selector.matcher(expr.asString());
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
		}
		assertThat(names).as("the dashboard's queries").isNotEmpty();
		return names;
	}

}
