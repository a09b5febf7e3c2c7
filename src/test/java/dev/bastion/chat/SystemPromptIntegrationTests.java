package dev.bastion.chat;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.OpenAiStub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server-wide default system prompt ({@code CHAT_SYSTEM_PROMPT}, trimmed) reaches the
 * model first on both APIs, and a client's own system message replaces it, as does a
 * preset's (history off: the conversation in memory remembers its preset).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "OPENAI_API_KEY=sk-test-prompt",
		"OPENAI_MODEL=stub-model", "PROVIDER_ORDER=openai", "CHAT_CACHE_ENABLED=false" })
class SystemPromptIntegrationTests {

	static final String PROMPT = "You are the helpful assistant of the Lisbon office. Answer briefly.";

	static OpenAiStub model;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void prompt(DynamicPropertyRegistry registry) throws IOException {
		model = new OpenAiStub("Noted.");
		registry.add("OPENAI_BASE_URL", model::baseUrl);
		registry.add("CHAT_SYSTEM_PROMPT", () -> "  " + PROMPT + "\n");
	}

	@AfterAll
	static void stop() {
		model.close();
	}

	@Test
	void theDefaultPromptGoesFirstOnBothApisUnlessTheClientSendsItsOwn() {
		Api api = new Api(this.port);
		String token = api.newUser("prompted").path("access_token").asString();

		assertThat(api.post("/api/v1/chat", token, "{\"message\": \"hello\"}").statusCode()).isEqualTo(200);
		JsonNode sent = sentMessages();
		assertThat(sent).hasSize(2);
		assertThat(sent.get(0).path("role").asString()).isEqualTo("system");
		assertThat(sent.get(0).path("content").asString()).isEqualTo(PROMPT);
		assertThat(sent.get(1).path("content").asString()).isEqualTo("hello");

		String key = api.createApiKey(token, "prompted");
		api.post("/v1/chat/completions", key,
				"{\"model\": \"stub-model\", \"messages\": [{\"role\": \"user\", " + "\"content\": \"hi\"}]}");
		assertThat(sentMessages().get(0).path("content").asString()).isEqualTo(PROMPT);

		api.post("/v1/chat/completions", key, "{\"model\": \"stub-model\", \"messages\": [{\"role\": \"system\", "
				+ "\"content\": \"Be a pirate.\"}, {\"role\": \"user\", \"content\": \"hi\"}]}");
		JsonNode own = sentMessages();
		assertThat(own).hasSize(2);
		assertThat(own.get(0).path("content").asString()).isEqualTo("Be a pirate.");
	}

	@Test
	void presetPromptReplacesTheDefaultAndTheConversationInMemoryKeepsIt() {
		Api api = new Api(this.port);
		String token = api.newUser("preset-memory").path("access_token").asString();
		String preset = Http.json(api.post("/api/v1/users/me/presets", token,
				"{\"name\": \"Porto\", \"system_prompt\": \"You serve the Porto office.\"}"))
			.path("id")
			.asString();
		String session = Http
			.json(api.post("/api/v1/chat", token, "{\"message\": \"hello\", \"preset_id\": \"" + preset + "\"}"))
			.path("session_id")
			.asString();
		assertThat(sentMessages().get(0).path("content").asString()).isEqualTo("You serve the Porto office.");
		api.post("/api/v1/chat", token, "{\"message\": \"and now\", \"session_id\": \"" + session + "\"}");
		JsonNode next = sentMessages();
		assertThat(next.get(0).path("content").asString()).isEqualTo("You serve the Porto office.");
		assertThat(next).hasSize(4);
		api.post("/api/v1/chat", token, "{\"session_id\": \"" + session + "\", \"regenerate\": true}");
		assertThat(sentMessages().get(0).path("content").asString()).isEqualTo("You serve the Porto office.");
		api.post("/api/v1/chat", token, "{\"message\": \"elsewhere\"}");
		assertThat(sentMessages().get(0).path("content").asString()).isEqualTo(PROMPT);
	}

	static JsonNode sentMessages() {
		return Http.json(model.lastRequest().body()).path("messages");
	}

}
