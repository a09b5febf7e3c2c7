package dev.bastion.chat;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
 * Model routing through the real server: three local OpenAI-compatible servers as
 * connections. {@code openai} (the environment's, OPENAI_MODELS=auto) discovers
 * {@code alpha-1} and {@code alpha-2}; the file's {@code failing} offers
 * {@code shared-model} and {@code failing-only} and fails every request; the file's
 * {@code slow} offers {@code shared-model} and {@code slow-1} and waits before answering;
 * the file's {@code sluggish} (the same slow server, {@code sluggish-1}) has its own
 * timeout, shorter than that wait. Aliases {@code fast} (alpha-1) and {@code smart}
 * (slow-1, admins only); alpha-1 has a daily budget of 20 tokens per user (the stubs
 * count 8 a request).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-alpha", "OPENAI_MODEL=alpha-1", "OPENAI_MODELS=auto",
				"PROVIDER_ORDER=openai,failing,slow,offline", "PROVIDER_TIMEOUT=5s", "PROVIDER_CIRCUIT_OPEN_FOR=10m" })
@ExtendWith(OutputCaptureExtension.class)
class ModelRoutingIntegrationTests {

	static final Duration SLOW = Duration.ofMillis(300);

	static OpenAiStub alpha;

	static OpenAiStub failing;

	static OpenAiStub slow;

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Autowired
	JdbcClient jdbc;

	Api api;

	@DynamicPropertySource
	static void connections(DynamicPropertyRegistry registry) throws IOException {
		alpha = new OpenAiStub("Alpha answers.", "alpha-1", "alpha-2");
		failing = new OpenAiStub("Never heard.", "shared-model", "failing-only");
		failing.failNext(Integer.MAX_VALUE);
		slow = new OpenAiStub("Slow but sure.", "shared-model", "slow-1");
		slow.delay(SLOW);
		Path directory = Files.createTempDirectory("models-file");
		Path key = directory.resolve("slow.key");
		Files.writeString(key, "sk-test-slow\n");
		Path file = directory.resolve("models.yaml");
		Files.writeString(file, """
				connections:
				  - name: failing
				    type: openai
				    base-url: %s
				    api-key: sk-test-failing
				    models: [shared-model, failing-only]
				  - name: slow
				    type: openai
				    base-url: %s
				    api-key-file: %s
				    models: [shared-model, slow-1]
				  - name: sluggish
				    type: openai
				    base-url: %s
				    api-key: sk-test-sluggish
				    models: [sluggish-1]
				    timeout: 100ms
				aliases:
				  fast: alpha-1
				  smart: slow-1
				models:
				  - name: slow-1
				    roles: [admin]
				  - name: alpha-1
				    daily-token-budget: 20
				""".formatted(failing.baseUrl(), slow.baseUrl(), key, slow.baseUrl()));
		registry.add("OPENAI_BASE_URL", alpha::baseUrl);
		registry.add("MODELS_FILE", file::toString);
	}

	@AfterAll
	static void stop() {
		alpha.close();
		failing.close();
		slow.close();
	}

	@BeforeEach
	void api() {
		this.api = new Api(this.port);
	}

	String user(String prefix) {
		return this.api.newUser(prefix).path("access_token").asString();
	}

	String admin() {
		String name = Api.uniqueName("chief");
		this.accounts.createAdmin(name, name + "@example.org", Api.PASSWORD);
		return Http.json(this.api.login(name, Api.PASSWORD)).path("access_token").asString();
	}

	HttpResponse<String> completion(String key, String model) {
		return this.api.post("/v1/chat/completions", key, "{\"model\": \"" + model
				+ "\", \"cache\": false, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
	}

	HttpResponse<String> chat(String token, String model) {
		return this.api.post("/api/v1/chat", token,
				"{\"message\": \"hi\", \"cache\": false, \"model\": \"" + model + "\"}");
	}

	static List<String> ids(JsonNode models) {
		return models.valueStream().map(JsonNode::asString).toList();
	}

	@Test
	void modelsAreListedPerRoleThroughBothApis() {
		String user = user("lister");
		List<String> open = List.of("alpha-1", "alpha-2", "failing-only", "offline", "shared-model", "sluggish-1",
				"fast");
		JsonNode mine = Http.json(this.api.get("/api/v1/models", user));
		assertThat(mine.path("default").asString()).isEqualTo("alpha-1");
		assertThat(ids(mine.path("models"))).containsExactlyElementsOf(open);
		String key = this.api.createApiKey(user, "lister");
		JsonNode openAi = Http.json(this.api.get("/v1/models", key));
		assertThat(openAi.path("data").valueStream().map((model) -> model.path("id").asString()).toList())
			.containsExactlyElementsOf(open);
		assertThat(ids(Http.json(this.api.get("/api/v1/models", key)).path("models"))).containsExactlyElementsOf(open);

		String admin = admin();
		assertThat(ids(Http.json(this.api.get("/api/v1/models", admin)).path("models"))).contains("slow-1", "smart")
			.containsAll(open);
		String adminKey = this.api.createApiKey(admin, "admin-key");
		assertThat(ids(Http.json(this.api.get("/api/v1/models", adminKey)).path("models")))
			.as("an API key never carries the admin role")
			.doesNotContain("slow-1", "smart");
	}

	@Test
	void eachModelIsChosenByNameAndByAliasThroughBothApis() {
		String token = user("chooser");
		String key = this.api.createApiKey(token, "chooser");
		JsonNode byName = Http.json(completion(key, "alpha-1"));
		assertThat(byName.path("model").asString()).isEqualTo("alpha-1");
		assertThat(byName.path("choices").get(0).path("message").path("content").asString())
			.isEqualTo("Alpha answers.");
		assertThat(Http.json(alpha.lastRequest().body()).path("model").asString()).isEqualTo("alpha-1");

		assertThat(Http.json(completion(key, "fast")).path("model").asString()).isEqualTo("alpha-1");
		HttpResponse<String> stream = this.api.http()
			.send("POST", "/v1/chat/completions",
					BodyPublishers.ofString("{\"model\": \"fast\", \"stream\": true, \"cache\": false, "
							+ "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"),
					"Authorization", "Bearer " + key, "Content-Type", "application/json");
		List<JsonNode> chunks = Streams.chunks(stream);
		assertThat(chunks).isNotEmpty()
			.allSatisfy((chunk) -> assertThat(chunk.path("model").asString()).isEqualTo("alpha-1"));

		token = user("chooser");
		JsonNode viaChat = Http.json(chat(token, "shared-model"));
		assertThat(viaChat.path("model").asString()).isEqualTo("shared-model");
		assertThat(viaChat.path("provider").asString()).isEqualTo("slow");
		assertThat(viaChat.path("reply").asString()).isEqualTo("Slow but sure.");
		JsonNode byDefault = Http.json(this.api.post("/api/v1/chat", token, "{\"message\": \"hi\", \"cache\": false}"));
		assertThat(byDefault.path("model").asString()).isEqualTo("alpha-1");
		assertThat(byDefault.path("provider").asString()).isEqualTo("openai");

		String admin = admin();
		JsonNode smart = Http.json(chat(admin, "smart"));
		assertThat(smart.path("model").asString()).isEqualTo("slow-1");
		assertThat(smart.path("provider").asString()).isEqualTo("slow");
		assertThat(Http.json(slow.lastRequest().body()).path("model").asString()).isEqualTo("slow-1");
		assertThat(slow.lastRequest().authorization()).isEqualTo("Bearer sk-test-slow");
	}

	@Test
	void anUnknownAndAForbiddenModelAreTheSame404() {
		String token = user("prober");
		String key = this.api.createApiKey(token, "prober");
		int slowCalls = slow.calls();
		JsonNode unknown = assertProblem(completion(key, "no-such-model"), 404, "MODEL_NOT_FOUND");
		JsonNode forbidden = assertProblem(completion(key, "slow-1"), 404, "MODEL_NOT_FOUND");
		JsonNode forbiddenAlias = assertProblem(completion(key, "smart"), 404, "MODEL_NOT_FOUND");
		assertThat(forbidden.path("detail").asString()).isEqualTo(unknown.path("detail").asString())
			.isEqualTo(forbiddenAlias.path("detail").asString());
		assertProblem(chat(token, "no-such-model"), 404, "MODEL_NOT_FOUND");
		assertProblem(chat(token, "slow-1"), 404, "MODEL_NOT_FOUND");
		assertThat(slow.calls()).as("a refused model is never called").isEqualTo(slowCalls);
	}

	@Test
	void aUsersAllowedModelsSetByAnAdministratorNarrowTheListAndTheChoice() {
		JsonNode user = this.api.newUser("narrowed");
		String token = user.path("access_token").asString();
		String key = this.api.createApiKey(token, "narrowed");
		String limits = "/api/v1/admin/users/" + user.path("user").path("id").asString() + "/limits";
		assertThat(this.api.put(limits, admin(), "{\"allowed_models\": [\"fast\", \"shared-model\"]}").statusCode())
			.isEqualTo(200);

		List<String> allowed = List.of("alpha-1", "offline", "shared-model", "fast");
		assertThat(ids(Http.json(this.api.get("/api/v1/models", token)).path("models")))
			.containsExactlyElementsOf(allowed);
		assertThat(Http.json(this.api.get("/v1/models", key))
			.path("data")
			.valueStream()
			.map((model) -> model.path("id").asString())
			.toList()).containsExactlyElementsOf(allowed);
		assertThat(Http.json(completion(key, "alpha-1")).path("model").asString()).as("the model of an allowed alias")
			.isEqualTo("alpha-1");
		assertThat(Http.json(chat(token, "shared-model")).path("model").asString()).isEqualTo("shared-model");
		JsonNode outside = assertProblem(completion(key, "alpha-2"), 404, "MODEL_NOT_FOUND");
		assertThat(outside.path("detail").asString()).isEqualTo(
				assertProblem(completion(key, "no-such-model"), 404, "MODEL_NOT_FOUND").path("detail").asString());
		assertProblem(chat(token, "sluggish-1"), 404, "MODEL_NOT_FOUND");
	}

	@Test
	void aFailingConnectionFallsBackOnlyWithinItsModelGroup() {
		String token = user("fallback");
		int alphaCalls = alpha.calls();
		long started = System.nanoTime();
		JsonNode shared = Http.json(chat(token, "shared-model"));
		assertThat(shared.path("provider").asString()).isEqualTo("slow");
		assertThat(shared.path("model").asString()).isEqualTo("shared-model");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(SLOW);

		int slowCalls = slow.calls();
		assertProblem(chat(token, "failing-only"), 503, "PROVIDER_UNAVAILABLE");
		assertThat(alpha.calls()).as("alpha-1's connection is not in either group").isEqualTo(alphaCalls);
		assertThat(slow.calls()).as("failing-only has no other connection").isEqualTo(slowCalls);
	}

	@Test
	void aConnectionsOwnTimeoutAppliesToItAlone() {
		String token = user("timeout");
		long started = System.nanoTime();
		assertProblem(chat(token, "sluggish-1"), 504, "PROVIDER_TIMEOUT");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("its 100ms, not PROVIDER_TIMEOUT's 5s")
			.isLessThan(Duration.ofSeconds(3));
		assertThat(Http.json(chat(token, "shared-model")).path("provider").asString())
			.as("the same server through another connection waits PROVIDER_TIMEOUT")
			.isEqualTo("slow");
	}

	@Test
	void aBreakerOpeningForOneConnectionLeavesTheOthersServed() {
		String token = user("breaker");
		for (int i = 0; i < 6 && !"OPEN".equals(circuit("failing")); i++) {
			assertThat(Http.json(chat(token, "shared-model")).path("provider").asString()).isEqualTo("slow");
		}
		assertThat(circuit("failing")).isEqualTo("OPEN");
		int failingCalls = failing.calls();
		assertThat(Http.json(chat(token, "shared-model")).path("provider").asString()).isEqualTo("slow");
		assertThat(Http.json(chat(token, "alpha-1")).path("provider").asString()).isEqualTo("openai");
		assertThat(failing.calls()).as("an open circuit is not called").isEqualTo(failingCalls);
		assertThat(circuit("slow")).isEqualTo("CLOSED");
		assertThat(circuit("openai")).isEqualTo("CLOSED");
	}

	String circuit(String connection) {
		return Http.json(this.api.http().get("/api/v1/health"))
			.path("providers")
			.path(connection)
			.path("circuit")
			.asString();
	}

	@Test
	void aModelsDailyBudgetRefusesThatModelOnceSpentAndRecordsModelAndConnection() {
		JsonNode login = this.api.newUser("budget");
		String token = login.path("access_token").asString();
		for (int i = 0; i < 3; i++) {
			assertThat(chat(token, "fast").statusCode()).isEqualTo(200);
		}
		JsonNode spent = assertProblem(chat(token, "alpha-1"), 429, "RATE_LIMIT_EXCEEDED");
		assertThat(spent.path("detail").asString()).contains("this model");
		assertProblem(this.api.post("/api/v1/chat", token, "{\"message\": \"hi\", \"cache\": false}"), 429,
				"RATE_LIMIT_EXCEEDED");
		assertThat(chat(token, "shared-model").statusCode()).as("another model is still there").isEqualTo(200);
		assertThat(chat(user("fresh"), "alpha-1").statusCode()).as("the budget is per user").isEqualTo(200);

		List<Map<String, Object>> rows = this.jdbc
			.sql("select model, connection, tokens, requests from chat_usage where account_id = ? order by model")
			.param(java.util.UUID.fromString(login.path("user").path("id").asString()))
			.query()
			.listOfRows();
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0)).containsEntry("MODEL", "alpha-1").containsEntry("CONNECTION", "openai");
		assertThat(((Number) rows.get(0).get("TOKENS")).longValue()).isEqualTo(24);
		assertThat(rows.get(1)).containsEntry("MODEL", "shared-model").containsEntry("CONNECTION", "slow");
	}

	@Test
	void aCachedReplyIsNeverServedForAnotherModel() {
		String token = user("cache");
		String hello = "{\"message\": \"same words\", \"model\": \"%s\"}";
		JsonNode first = Http.json(this.api.post("/api/v1/chat", token, hello.formatted("shared-model")));
		assertThat(first.path("reply").asString()).isEqualTo("Slow but sure.");
		JsonNode again = Http.json(this.api.post("/api/v1/chat", token, hello.formatted("shared-model")));
		assertThat(again.path("cached").asBoolean()).isTrue();
		JsonNode other = Http.json(this.api.post("/api/v1/chat", token, hello.formatted("alpha-1")));
		assertThat(other.path("cached").asBoolean()).isFalse();
		assertThat(other.path("reply").asString()).isEqualTo("Alpha answers.");
	}

	@Test
	void anAdministratorRefreshesTheDiscoveredModelsAndIsAudited(CapturedOutput output) {
		assertProblem(this.api.post("/api/v1/admin/models/refresh", user("nosy"), "{}"), 403, "FORBIDDEN");
		HttpResponse<String> refreshed = this.api.post("/api/v1/admin/models/refresh", admin(), "{}");
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		JsonNode body = Http.json(refreshed);
		assertThat(body.path("connections").path("openai").asString()).isEqualTo("2 models");
		assertThat(ids(body.path("models"))).contains("alpha-1", "shared-model", "slow-1");
		assertThat(output).contains("MODELS_REFRESHED");
	}

	@Test
	void theOfficialJavaSdkListsModelsAndChoosesOne() {
		String key = this.api.createApiKey(user("sdk"), "sdk");
		OpenAIClient client = OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port + "/v1")
			.apiKey(key)
			.maxRetries(0)
			.build();
		try {
			assertThat(client.models().list().data()).extracting(Model::id)
				.contains("alpha-1", "shared-model", "fast")
				.doesNotContain("slow-1");
			ChatCompletion completion = client.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder().model("fast").addUserMessage("hello sdk").build());
			assertThat(completion.model()).isEqualTo("alpha-1");
			assertThat(completion.choices().getFirst().message().content()).hasValue("Alpha answers.");
		}
		finally {
			client.close();
		}
	}

}
