package dev.bastion.chat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.OpenAiStub;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/users/me/usage} and {@code GET /api/v1/admin/usage} through the real
 * server, with usage made by real chats against a local OpenAI-compatible server offering
 * {@code alpha-1} and {@code alpha-2} (it reports 8 tokens a call): one entry per day,
 * exact figures per model, the bound on {@code days}, nobody else's usage, and the totals
 * for administrators only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-usage", "OPENAI_MODEL=alpha-1", "OPENAI_MODELS=alpha-1,alpha-2",
				"PROVIDER_ORDER=openai,offline", "CHAT_DAILY_TOKEN_BUDGET=5000" })
class UsageReportIntegrationTests {

	static OpenAiStub model;

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Autowired
	JdbcClient jdbc;

	Api api;

	@DynamicPropertySource
	static void openai(DynamicPropertyRegistry registry) throws IOException {
		model = new OpenAiStub("Counted.", "alpha-1", "alpha-2");
		registry.add("OPENAI_BASE_URL", model::baseUrl);
	}

	@AfterAll
	static void stop() {
		model.close();
	}

	@BeforeEach
	void api() {
		this.api = new Api(this.port);
	}

	void chat(String token, String model, int times) {
		for (int i = 0; i < times; i++) {
			HttpResponse<String> response = this.api.post("/api/v1/chat", token,
					"{\"message\": \"question " + i + "\", \"model\": \"" + model + "\", \"cache\": false}");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}
	}

	String admin() {
		String name = Api.uniqueName("auditor");
		this.accounts.createAdmin(name, name + "@example.org", Api.PASSWORD);
		return Http.json(this.api.login(name, Api.PASSWORD)).path("access_token").asString();
	}

	static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}

	@Test
	void aServerThatReportsNoUsageIsChargedAnEstimateNotNothing() {
		String token = this.api.newUser("unreported").path("access_token").asString();
		model.reportUsage(false);
		try {
			chat(token, "alpha-1", 1);
		}
		finally {
			model.reportUsage(true);
		}
		// "question 0" (10 characters, 3 tokens) and "Counted." (8 characters, 2 tokens),
		// with no system prompt configured.
		JsonNode usage = Http.json(this.api.get("/api/v1/users/me/usage", token));
		assertThat(usage.path("tokens_today").asLong()).isEqualTo(5);
		assertThat(usage.path("requests_today").asLong()).isEqualTo(1);
	}

	/**
	 * Three turns sent at once against a budget of 5,000 tokens: each running reply holds
	 * the most it may cost (its prompt and {@code CHAT_MAX_TOKENS}, 4,096), so the third
	 * finds the budget held by the first two and is refused, instead of all three passing
	 * a check that none of them had been charged yet.
	 */
	@Test
	void turnsInParallelHoldTheBudgetWhileTheyRun() throws Exception {
		String token = this.api.newUser("parallel").path("access_token").asString();
		model.delay(Duration.ofSeconds(3));
		List<HttpResponse<String>> answers;
		try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<HttpResponse<String>>> sent = IntStream.range(0, 3)
				.mapToObj((i) -> threads.submit(() -> this.api.post("/api/v1/chat", token,
						"{\"message\": \"at once " + i + "\", \"model\": \"alpha-1\", \"cache\": false}")))
				.toList();
			answers = new ArrayList<>();
			for (var answer : sent) {
				answers.add(answer.get());
			}
		}
		finally {
			model.delay(Duration.ZERO);
		}

		assertThat(answers).map(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 200, 429);
		HttpResponse<String> refused = answers.stream().filter((a) -> a.statusCode() == 429).findFirst().orElseThrow();
		assertProblem(refused, 429, "RATE_LIMIT_EXCEEDED");
		// Once they are over, only what they cost counts: 8 tokens each.
		assertThat(Http.json(this.api.get("/api/v1/users/me/usage", token)).path("tokens_today").asLong())
			.isEqualTo(16);
		chat(token, "alpha-1", 1);
	}

	@Test
	void usageListsEveryDayOldestFirstWithTodaysTokensPerModel() {
		JsonNode user = this.api.newUser("spender");
		String token = user.path("access_token").asString();
		chat(token, "alpha-1", 2);
		chat(token, "alpha-2", 1);
		// Three days ago, written as the chat would have (no chat can be sent in the
		// past).
		this.jdbc
			.sql("insert into chat_usage (account_id, usage_day, model, connection, tokens, requests) "
					+ "values (?, ?, 'alpha-2', 'openai', 40, 5)")
			.params(UUID.fromString(user.path("user").path("id").asString()), Date.valueOf(today().minusDays(3)))
			.update();

		JsonNode usage = Http.json(this.api.get("/api/v1/users/me/usage", token));
		assertThat(usage.path("tokens_today").asLong()).isEqualTo(24);
		assertThat(usage.path("requests_today").asLong()).isEqualTo(3);
		assertThat(usage.path("daily_budget").asLong()).isEqualTo(5000);
		assertThat(usage.path("days").asInt()).isEqualTo(30);
		JsonNode series = usage.path("series");
		assertThat(series.size()).isEqualTo(30);
		assertThat(series.get(0).path("day").asString()).isEqualTo(today().minusDays(29).toString());
		JsonNode last = series.get(29);
		assertThat(last.path("day").asString()).isEqualTo(today().toString());
		assertThat(last.path("tokens").asLong()).isEqualTo(24);
		assertThat(last.path("requests").asLong()).isEqualTo(3);
		assertThat(last.path("models").size()).isEqualTo(2);
		assertThat(last.path("models").get(0).path("model").asString()).isEqualTo("alpha-1");
		assertThat(last.path("models").get(0).path("tokens").asLong()).isEqualTo(16);
		assertThat(last.path("models").get(0).path("requests").asLong()).isEqualTo(2);
		assertThat(last.path("models").get(1).path("model").asString()).isEqualTo("alpha-2");
		assertThat(last.path("models").get(1).path("tokens").asLong()).isEqualTo(8);
		JsonNode earlier = series.get(26);
		assertThat(earlier.path("day").asString()).isEqualTo(today().minusDays(3).toString());
		assertThat(earlier.path("tokens").asLong()).isEqualTo(40);
		assertThat(earlier.path("requests").asLong()).isEqualTo(5);
		long zeros = 0;
		for (JsonNode day : series) {
			if (day.path("tokens").asLong() == 0 && day.path("requests").asLong() == 0
					&& day.path("models").isEmpty()) {
				zeros++;
			}
		}
		assertThat(zeros).as("days without use are there as zeros").isEqualTo(28);

		JsonNode shorter = Http.json(this.api.get("/api/v1/users/me/usage?days=3", token));
		assertThat(shorter.path("series").size()).isEqualTo(3);
		assertThat(shorter.path("series").get(0).path("day").asString()).isEqualTo(today().minusDays(2).toString());
		assertThat(shorter.path("series").findValues("tokens").stream().mapToLong(JsonNode::asLong).sum())
			.as("the day three days ago is outside the last three")
			.isEqualTo(24 + 24);
		JsonNode four = Http.json(this.api.get("/api/v1/users/me/usage?days=4", token));
		assertThat(four.path("series").get(0).path("tokens").asLong()).isEqualTo(40);
	}

	@Test
	void daysOutsideOneTo366AreRefusedNamingTheParameter() {
		String token = this.api.newUser("bounded").path("access_token").asString();
		for (String days : new String[] { "0", "-1", "367", "100000000000", "abc", "", "1.5" }) {
			JsonNode problem = assertProblem(this.api.get("/api/v1/users/me/usage?days=" + days, token), 400,
					"VALIDATION_ERROR");
			assertThat(problem.path("errors").get(0).path("field").asString()).as(days).isEqualTo("days");
		}
		assertThat(Http.json(this.api.get("/api/v1/users/me/usage?days=1", token)).path("series").size()).isEqualTo(1);
		assertThat(Http.json(this.api.get("/api/v1/users/me/usage?days=366", token)).path("series").size())
			.isEqualTo(366);
	}

	@Test
	void aUserSeesOnlyTheirOwnUsageWhateverTheyAsk() {
		String spender = this.api.newUser("busy").path("access_token").asString();
		chat(spender, "alpha-1", 1);
		JsonNode other = this.api.newUser("idle");
		String token = other.path("access_token").asString();
		String key = this.api.createApiKey(token, "usage-script");
		for (String credential : new String[] { token, key }) {
			JsonNode usage = Http.json(this.api.get("/api/v1/users/me/usage?user_id=" + UUID.randomUUID(), credential));
			assertThat(usage.path("tokens_today").asLong()).isZero();
			assertThat(usage.path("series").findValues("tokens").stream().mapToLong(JsonNode::asLong).sum()).isZero();
		}
		assertProblem(this.api.http().get("/api/v1/users/me/usage"), 401, "AUTHENTICATION_REQUIRED");
	}

	@Test
	void anAdministratorSeesTotalsPerUserAndPerModel() {
		String admin = admin();
		JsonNode before = Http.json(this.api.get("/api/v1/admin/usage?days=7", admin));
		JsonNode heavy = this.api.newUser("heavy");
		JsonNode light = this.api.newUser("light");
		chat(heavy.path("access_token").asString(), "alpha-2", 3);
		chat(light.path("access_token").asString(), "alpha-1", 1);

		JsonNode totals = Http.json(this.api.get("/api/v1/admin/usage?days=7&size=100", admin));
		assertThat(totals.path("days").asInt()).isEqualTo(7);
		assertThat(totals.path("from").asString()).isEqualTo(today().minusDays(6).toString());
		assertThat(totals.path("to").asString()).isEqualTo(today().toString());
		assertThat(totals.path("tokens").asLong()).isEqualTo(before.path("tokens").asLong() + 32);
		assertThat(totals.path("requests").asLong()).isEqualTo(before.path("requests").asLong() + 4);
		assertThat(modelTokens(totals, "alpha-2")).isEqualTo(modelTokens(before, "alpha-2") + 24);
		assertThat(modelTokens(totals, "alpha-1")).isEqualTo(modelTokens(before, "alpha-1") + 8);
		assertThat(totals.path("total_users").asLong()).isEqualTo(before.path("total_users").asLong() + 2);
		JsonNode heavyRow = userRow(totals, heavy);
		assertThat(heavyRow.path("username").asString()).isEqualTo(heavy.path("user").path("username").asString());
		assertThat(heavyRow.path("tokens").asLong()).isEqualTo(24);
		assertThat(heavyRow.path("requests").asLong()).isEqualTo(3);
		assertThat(userRow(totals, light).path("tokens").asLong()).isEqualTo(8);

		JsonNode firstPage = Http.json(this.api.get("/api/v1/admin/usage?days=7&size=1", admin));
		assertThat(firstPage.path("users").size()).isEqualTo(1);
		assertThat(firstPage.path("users").get(0).path("tokens").asLong())
			.isEqualTo(totals.path("users").get(0).path("tokens").asLong());
		for (String bad : new String[] { "days=0", "days=367", "size=0", "size=101", "page=-1", "days=x" }) {
			assertProblem(this.api.get("/api/v1/admin/usage?" + bad, admin), 400, "VALIDATION_ERROR");
		}
	}

	@Test
	void theTotalsAreRefusedToUsersApiKeysAndStrangers() {
		String user = this.api.newUser("curious").path("access_token").asString();
		assertProblem(this.api.get("/api/v1/admin/usage", user), 403, "FORBIDDEN");
		String adminKey = this.api.createApiKey(admin(), "admin-script");
		assertProblem(this.api.get("/api/v1/admin/usage", adminKey), 403, "FORBIDDEN");
		assertProblem(this.api.http().get("/api/v1/admin/usage"), 401, "AUTHENTICATION_REQUIRED");
	}

	static long modelTokens(JsonNode totals, String model) {
		for (JsonNode row : totals.path("models")) {
			if (row.path("model").asString().equals(model)) {
				return row.path("tokens").asLong();
			}
		}
		return 0;
	}

	static JsonNode userRow(JsonNode totals, JsonNode user) {
		String id = user.path("user").path("id").asString();
		for (JsonNode row : totals.path("users")) {
			if (row.path("user_id").asString().equals(id)) {
				return row;
			}
		}
		throw new AssertionError("no row for " + id);
	}

}
