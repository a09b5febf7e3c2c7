package dev.bastion.chat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

import dev.bastion.account.AccountLimits;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.OpenAiStub;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-user presets through the real server, with stored history (so that a conversation
 * remembers its preset in the database): CRUD under {@code /api/v1/users/me/presets},
 * owner-only, bounded (CHAT_PRESETS_MAX=3 here, CHAT_MAX_CONTEXT_CHARS=2000), a model the
 * owner may use, and chat that sends the preset's prompt, model and temperature to the
 * model server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-presets", "OPENAI_MODEL=alpha-1", "OPENAI_MODELS=alpha-1,alpha-2",
				"PROVIDER_ORDER=openai", "CHAT_CACHE_ENABLED=false", "CHAT_PRESETS_MAX=3",
				"CHAT_MAX_CONTEXT_CHARS=2000", "CHAT_SYSTEM_PROMPT=Server default.", "CHAT_HISTORY=encrypted",
				"CHAT_HISTORY_KEY=history-key-for-tests-0123456789abcdef" })
class PresetsIntegrationTests {

	static final String PRESETS = "/api/v1/users/me/presets";

	static OpenAiStub model;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AccountLimits limits;

	Api api;

	@DynamicPropertySource
	static void connection(DynamicPropertyRegistry registry) throws IOException {
		model = new OpenAiStub("Noted.", "alpha-1", "alpha-2");
		registry.add("OPENAI_BASE_URL", model::baseUrl);
	}

	@AfterAll
	static void stop() {
		model.close();
	}

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
	}

	@Test
	void createReadReplaceDeleteWhenOwnerThenEachAnswersAsDocumented() {
		String token = token("crud");
		HttpResponse<String> created = this.api.post(PRESETS, token,
				"{\"name\": \" Tutor \", \"model\": \"alpha-2\", \"system_prompt\": \"Explain simply.\", "
						+ "\"temperature\": 0.4}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode preset = Http.json(created);
		String id = preset.path("id").asString();
		assertThat(created.headers().firstValue("Location")).hasValue(PRESETS + "/" + id);
		assertThat(preset.path("name").asString()).isEqualTo("Tutor");
		assertThat(preset.path("model").asString()).isEqualTo("alpha-2");
		assertThat(preset.path("system_prompt").asString()).isEqualTo("Explain simply.");
		assertThat(preset.path("temperature").asDouble()).isEqualTo(0.4);

		JsonNode listed = Http.json(this.api.get(PRESETS, token));
		assertThat(listed.path("max").asInt()).isEqualTo(3);
		assertThat(listed.path("presets")).hasSize(1);
		assertThat(Http.json(this.api.get(PRESETS + "/" + id, token)).path("name").asString()).isEqualTo("Tutor");

		HttpResponse<String> replaced = this.api.put(PRESETS + "/" + id, token,
				"{\"name\": \"Coach\", \"system_prompt\": \"Be encouraging.\"}");
		assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
		assertThat(Http.json(replaced).path("model").isNull()).isTrue();
		assertThat(Http.json(replaced).path("temperature").isNull()).isTrue();
		assertThat(Http.json(replaced).path("name").asString()).isEqualTo("Coach");

		assertThat(this.api.delete(PRESETS + "/" + id, token).statusCode()).isEqualTo(204);
		assertProblem(this.api.get(PRESETS + "/" + id, token), 404, "PRESET_NOT_FOUND");
		assertProblem(this.api.delete(PRESETS + "/" + id, token), 404, "PRESET_NOT_FOUND");
	}

	@Test
	void presetOfAnotherUserWhenReadChangedDeletedOrChattedWithThenNotFound() {
		String owner = token("owner");
		String id = create(owner, "Mine", null, "Secret instructions.");
		String other = token("other");
		assertProblem(this.api.get(PRESETS + "/" + id, other), 404, "PRESET_NOT_FOUND");
		assertProblem(this.api.put(PRESETS + "/" + id, other, "{\"name\": \"Taken\", \"system_prompt\": \"x\"}"), 404,
				"PRESET_NOT_FOUND");
		assertProblem(this.api.delete(PRESETS + "/" + id, other), 404, "PRESET_NOT_FOUND");
		assertProblem(this.api.post("/api/v1/chat", other, "{\"message\": \"hi\", \"preset_id\": \"" + id + "\"}"), 404,
				"PRESET_NOT_FOUND");
		assertThat(Http.json(this.api.get(PRESETS, other)).path("presets")).isEmpty();
		String random = UUID.randomUUID().toString();
		assertProblem(this.api.get(PRESETS + "/" + random, owner), 404, "PRESET_NOT_FOUND");
		assertProblem(this.api.post("/api/v1/chat", owner, "{\"message\": \"hi\", \"preset_id\": \"" + random + "\"}"),
				404, "PRESET_NOT_FOUND");
		assertThat(Http.json(this.api.get(PRESETS + "/" + id, owner)).path("system_prompt").asString())
			.isEqualTo("Secret instructions.");
	}

	@Test
	void oversizedOrInvalidFieldsWhenCreatedThenValidationErrorNamingTheField() {
		String token = token("bounds");
		assertField(this.api.post(PRESETS, token, body("x".repeat(101), null, "ok", null)), "name");
		assertField(this.api.post(PRESETS, token, body("   ", null, "ok", null)), "name");
		assertField(this.api.post(PRESETS, token, body("Long", null, "p".repeat(2001), null)), "system_prompt");
		assertField(this.api.post(PRESETS, token, body("Empty", null, " ", null)), "system_prompt");
		assertField(this.api.post(PRESETS, token, body("Hot", null, "ok", "2.5")), "temperature");
		assertField(this.api.post(PRESETS, token, body("Cold", null, "ok", "-0.1")), "temperature");
		assertThat(this.api.post(PRESETS, token, body("x".repeat(100), null, "p".repeat(2000), "2")).statusCode())
			.isEqualTo(201);
		assertField(this.api.post(PRESETS, token, "{\"name\": \"Extra\", \"system_prompt\": \"ok\", \"admin\": true}"),
				null);
		assertThat(Http.json(this.api.get(PRESETS, token)).path("presets")).hasSize(1);
	}

	@Test
	void countOverTheLimitOrNameTakenWhenCreatedThenConflict() {
		String token = token("count");
		String first = create(token, "One", null, "1");
		create(token, "Two", null, "2");
		assertProblem(this.api.post(PRESETS, token, body("One", null, "again", null)), 409, "CONFLICT");
		assertProblem(this.api.put(PRESETS + "/" + first, token, body("Two", null, "again", null)), 409, "CONFLICT");
		create(token, "Three", null, "3");
		assertProblem(this.api.post(PRESETS, token, body("Four", null, "4", null)), 409, "PRESET_LIMIT_REACHED");
		assertThat(Http.json(this.api.get(PRESETS, token)).path("presets")).hasSize(3);
		assertThat(this.api.delete(PRESETS + "/" + first, token).statusCode()).isEqualTo(204);
		create(token, "Four", null, "4");
	}

	/**
	 * Twelve creations at once. Without the lock on the account's row, PostgreSQL lets 11
	 * through (checked by removing it); H2 happens to serialise them either way.
	 */
	@Test
	void manyCreatedAtOnceThenNeverMoreThanTheLimit() throws Exception {
		String token = token("race");
		List<Callable<Integer>> creations = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String name = "Racer " + i;
			creations.add(() -> this.api.post(PRESETS, token, body(name, null, "go", null)).statusCode());
		}
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (Future<Integer> status : threads.invokeAll(creations)) {
				statuses.add(status.get());
			}
		}
		assertThat(statuses).filteredOn((status) -> status == 201).hasSize(3);
		assertThat(statuses).filteredOn((status) -> status == 409).hasSize(9);
		assertThat(Http.json(this.api.get(PRESETS, token)).path("presets")).hasSize(3);
	}

	@Test
	void modelUnknownOrForbiddenToTheOwnerWhenSavedThenModelNotFound() {
		JsonNode user = this.api.newUser("models");
		String token = user.path("access_token").asString();
		assertProblem(this.api.post(PRESETS, token, body("Ghost", "no-such-model", "ok", null)), 404,
				"MODEL_NOT_FOUND");
		this.limits.setAllowedModels(UUID.fromString(user.path("user").path("id").asString()), List.of("alpha-1"));
		assertProblem(this.api.post(PRESETS, token, body("Other", "alpha-2", "ok", null)), 404, "MODEL_NOT_FOUND");
		assertThat(this.api.post(PRESETS, token, body("Allowed", "alpha-1", "ok", null)).statusCode()).isEqualTo(201);
	}

	@Test
	void chatWithPresetThenItsPromptModelAndTemperatureReachTheModelForTheWholeConversation() {
		String token = token("chat");
		String id = create(token, "Pirate", "alpha-2", "Talk like a pirate.", "0.3");

		JsonNode reply = Http
			.json(this.api.post("/api/v1/chat", token, "{\"message\": \"hello\", \"preset_id\": \"" + id + "\"}"));
		assertThat(reply.path("model").asString()).isEqualTo("alpha-2");
		assertSent("alpha-2", "Talk like a pirate.", 0.3);
		String session = reply.path("session_id").asString();

		this.api.post("/api/v1/chat", token, "{\"message\": \"again\", \"session_id\": \"" + session + "\"}");
		assertSent("alpha-2", "Talk like a pirate.", 0.3);
		this.api.post("/api/v1/chat", token, "{\"session_id\": \"" + session + "\", \"regenerate\": true}");
		assertSent("alpha-2", "Talk like a pirate.", 0.3);

		this.api.post("/api/v1/chat", token, "{\"message\": \"more\", \"session_id\": \"" + session
				+ "\", \"model\": \"alpha-1\", \"temperature\": 1.5}");
		assertSent("alpha-1", "Talk like a pirate.", 1.5);

		this.api.post("/api/v1/chat", token, "{\"message\": \"plain\"}");
		assertSent("alpha-1", "Server default.", null);
	}

	@Test
	void presetDeletedWhenConversationContinuesThenServerDefaultAgain() {
		String token = token("deleted");
		String id = create(token, "Brief", null, "One word answers.");
		String session = Http
			.json(this.api.post("/api/v1/chat", token, "{\"message\": \"hello\", \"preset_id\": \"" + id + "\"}"))
			.path("session_id")
			.asString();
		assertSent("alpha-1", "One word answers.", null);
		this.api.delete(PRESETS + "/" + id, token);
		this.api.post("/api/v1/chat", token, "{\"message\": \"again\", \"session_id\": \"" + session + "\"}");
		assertSent("alpha-1", "Server default.", null);
	}

	@Test
	void apiKeyWhenReadingPresetsThenAllowedAndWhenChangingThenForbidden() {
		String token = token("key");
		String id = create(token, "Keyed", null, "Answer in French.");
		String key = this.api.createApiKey(token, "presets");
		assertThat(Http.json(this.api.get(PRESETS, key)).path("presets")).hasSize(1);
		assertThat(this.api.get(PRESETS + "/" + id, key).statusCode()).isEqualTo(200);
		assertProblem(this.api.post(PRESETS, key, body("Mine", null, "ok", null)), 403, "FORBIDDEN");
		assertProblem(this.api.put(PRESETS + "/" + id, key, body("Mine", null, "ok", null)), 403, "FORBIDDEN");
		assertProblem(this.api.delete(PRESETS + "/" + id, key), 403, "FORBIDDEN");
		assertThat(this.api.post("/api/v1/chat", key, "{\"message\": \"salut\", \"preset_id\": \"" + id + "\"}")
			.statusCode()).isEqualTo(200);
		assertSent("alpha-1", "Answer in French.", null);
	}

	@Test
	void accountExportedThenPresetsIncludedAndAccountDeletedThenPresetsGone() {
		JsonNode user = this.api.newUser("export");
		String token = user.path("access_token").asString();
		UUID accountId = UUID.fromString(user.path("user").path("id").asString());
		create(token, "Exported", "alpha-2", "Remember me.", "1");
		JsonNode export = Http.json(this.api.get("/api/v1/users/me/export", token));
		assertThat(export.path("presets")).hasSize(1);
		assertThat(export.path("presets").get(0).path("system_prompt").asString()).isEqualTo("Remember me.");
		assertThat(export.path("presets").get(0).path("model").asString()).isEqualTo("alpha-2");

		assertThat(
				this.api.deleteJson("/api/v1/users/me", token, "{\"password\": \"" + Api.PASSWORD + "\"}").statusCode())
			.isEqualTo(204);
		assertThat(this.jdbc.sql("select count(*) from chat_presets where account_id = ?")
			.param(accountId)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void systemPromptStoredThenEncryptedAndWhenCopiedToAnotherPresetThenLeftOutAndReported() {
		JsonNode user = this.api.newUser("sealed");
		String token = user.path("access_token").asString();
		UUID accountId = UUID.fromString(user.path("user").path("id").asString());
		String kept = create(token, "Kept", null, "Keep this private.");
		String target = create(token, "Target", null, "Harmless.");
		String sealed = this.jdbc.sql("select system_prompt from chat_presets where id = ?")
			.param(UUID.fromString(kept))
			.query(String.class)
			.single();
		assertThat(sealed).startsWith("v2:").doesNotContain("private");

		this.jdbc.sql("update chat_presets set system_prompt = ? where id = ?")
			.params(sealed, UUID.fromString(target))
			.update();
		JsonNode listed = Http.json(this.api.get(PRESETS, token)).path("presets");
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).path("id").asString()).isEqualTo(kept);
		assertProblem(this.api.get(PRESETS + "/" + target, token), 404, "PRESET_NOT_FOUND");
		assertProblem(this.api.post("/api/v1/chat", token, "{\"message\": \"hi\", \"preset_id\": \"" + target + "\"}"),
				404, "PRESET_NOT_FOUND");
		assertThat(this.jdbc
			.sql("select count(*) from audit_events where type = 'STORED_DATA_TAMPERED' and user_id = ? "
					+ "and details like '%chat_presets.system_prompt%'")
			.param(accountId)
			.query(Long.class)
			.single()).isPositive();

		assertThat(this.api.put(PRESETS + "/" + target, token, body("Target", null, "Rewritten.", null)).statusCode())
			.isEqualTo(200);
		assertThat(Http.json(this.api.get(PRESETS, token)).path("presets")).hasSize(2);
		assertThat(this.api.delete(PRESETS + "/" + target, token).statusCode()).isEqualTo(204);
	}

	private String token(String prefix) {
		return this.api.newUser(prefix).path("access_token").asString();
	}

	private String create(String token, String name, String model, String prompt) {
		return create(token, name, model, prompt, null);
	}

	private String create(String token, String name, String model, String prompt, String temperature) {
		HttpResponse<String> created = this.api.post(PRESETS, token, body(name, model, prompt, temperature));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return Http.json(created).path("id").asString();
	}

	private static String body(String name, String model, String prompt, String temperature) {
		return "{\"name\": \"" + name + "\", \"system_prompt\": \"" + prompt + "\""
				+ ((model != null) ? ", \"model\": \"" + model + "\"" : "")
				+ ((temperature != null) ? ", \"temperature\": " + temperature : "") + "}";
	}

	private static void assertField(HttpResponse<String> response, String field) {
		if (field == null) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			return;
		}
		JsonNode problem = assertProblem(response, 400, "VALIDATION_ERROR");
		assertThat(problem.path("errors").toString()).contains("\"" + field + "\"");
	}

	private static void assertSent(String expectedModel, String systemPrompt, Double temperature) {
		JsonNode sent = Http.json(model.lastRequest().body());
		assertThat(sent.path("model").asString()).isEqualTo(expectedModel);
		assertThat(sent.path("messages").get(0).path("role").asString()).isEqualTo("system");
		assertThat(sent.path("messages").get(0).path("content").asString()).isEqualTo(systemPrompt);
		if (temperature == null) {
			assertThat(sent.has("temperature")).isFalse();
		}
		else {
			assertThat(sent.path("temperature").asDouble()).isEqualTo(temperature);
		}
	}

}
