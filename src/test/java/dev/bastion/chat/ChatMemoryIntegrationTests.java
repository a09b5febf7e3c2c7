package dev.bastion.chat;

import java.io.IOException;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
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
 * What the chat module keeps in memory (history off), through the real server: a deleted
 * account's cached replies and conversations go at once, and the conversations of all
 * callers together never hold more than {@code CHAT_MEMORY_MAX_CHARS}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-memory", "PROVIDER_ORDER=openai,offline", "HEALTH_CACHE_TTL=0s",
				"CHAT_MEMORY_MAX_CHARS=320000", "CHAT_DAILY_TOKEN_BUDGET=1000000000" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatMemoryIntegrationTests {

	static final String ANSWER = "Walls, then more walls.";

	static OpenAiStub model;

	@DynamicPropertySource
	static void openai(DynamicPropertyRegistry registry) throws IOException {
		model = new OpenAiStub(ANSWER);
		registry.add("OPENAI_BASE_URL", model::baseUrl);
	}

	@AfterAll
	static void stop() {
		model.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	Conversations conversations;

	MemoryConversations memory() {
		return (MemoryConversations) this.conversations;
	}

	@Test
	@Order(1)
	void deletingAnAccountDropsItsCachedRepliesAndItsConversationsAtOnce() {
		Api api = new Api(this.port);
		String other = api.newUser("stays").path("access_token").asString();
		chat(api, other, "a question that stays", null);
		String token = api.newUser("leaving").path("access_token").asString();
		long cachedBefore = cacheSize(api);
		long heldBefore = memory().weight();

		String session = chat(api, token, "first question", null);
		chat(api, token, "second question", session);
		chat(api, token, "third question", null);
		assertThat(cacheSize(api)).isEqualTo(cachedBefore + 3);
		long held = 2 * MemoryConversations.OVERHEAD_CHARS + "first question".length() + "second question".length()
				+ "third question".length() + 3 * ANSWER.length();
		assertThat(memory().weight()).isEqualTo(heldBefore + held);

		assertThat(api.deleteJson("/api/v1/users/me", token, "{\"password\": \"" + Api.PASSWORD + "\"}").statusCode())
			.isEqualTo(204);

		assertThat(cacheSize(api)).as("the deleted account's replies are gone, the other's stays")
			.isEqualTo(cachedBefore);
		assertThat(memory().weight()).as("and so are its conversations").isEqualTo(heldBefore);
		JsonNode again = Http.json(api.post("/api/v1/chat", other, "{\"message\": \"a question that stays\"}"));
		assertThat(again.path("cached").asBoolean()).isTrue();
	}

	@Test
	@Order(2)
	void manyLargeConversationsNeverHoldMoreThanTheBound() {
		Api api = new Api(this.port);
		String token = api.newUser("flooder").path("access_token").asString();
		String large = "w".repeat(7_900);
		for (int i = 0; i < 50; i++) {
			chat(api, token, large + i, null);
			assertThat(memory().weight()).isLessThanOrEqualTo(320_000);
		}
		assertThat(memory().weight()).as("50 conversations of 8,400 characters needed more").isGreaterThan(300_000);
	}

	private static String chat(Api api, String token, String message, String session) {
		String body = "{\"message\": \"" + message + "\""
				+ ((session != null) ? ", \"session_id\": \"" + session + "\"" : "") + "}";
		JsonNode reply = Http.json(api.post("/api/v1/chat", token, body));
		assertThat(reply.path("reply").asString()).as(reply.toString()).isEqualTo(ANSWER);
		return UUID.fromString(reply.path("session_id").asString()).toString();
	}

	private static long cacheSize(Api api) {
		return Http.json(api.http().get("/api/v1/health")).path("cache").path("size").asLong();
	}

}
