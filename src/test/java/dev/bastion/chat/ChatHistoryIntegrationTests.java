package dev.bastion.chat;

import java.util.List;
import java.util.UUID;

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

import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * History on ({@code CHAT_HISTORY=encrypted}) through the real server: conversations are
 * stored encrypted, listed and read back by their owner only, exported, and erased with
 * the conversation or the account.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "CHAT_HISTORY=encrypted", "CHAT_HISTORY_KEY=history-key-for-tests-0123456789abcdef" })
@ExtendWith(OutputCaptureExtension.class)
class ChatHistoryIntegrationTests {

	static final String SECRET = "my landlord's name is Quetzalcoatl";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void conversationsAreStoredEncryptedAndReadBackByTheirOwner(CapturedOutput output) {
		Api api = new Api(this.port);
		String token = api.newUser("historian").path("access_token").asString();
		String session = Http.json(api.post("/api/v1/sessions", token, "{}")).path("session_id").asString();
		api.post("/api/v1/chat", token, "{\"message\": \"" + SECRET + "\", \"session_id\": \"" + session + "\"}");
		api.post("/api/v1/chat", token, "{\"message\": \"second\", \"session_id\": \"" + session + "\"}");

		JsonNode sessions = Http.json(api.get("/api/v1/sessions", token)).path("sessions");
		assertThat(sessions).hasSize(1);
		assertThat(sessions.get(0).path("session_id").asString()).isEqualTo(session);
		assertThat(sessions.get(0).path("title").asString()).isEqualTo(SECRET);
		assertThat(sessions.get(0).has("created_at")).isTrue();
		JsonNode messages = Http.json(api.get("/api/v1/sessions/" + session + "/messages", token)).path("messages");
		assertThat(messages).hasSize(4);
		assertThat(messages.get(0).path("role").asString()).isEqualTo("user");
		assertThat(messages.get(0).path("content").asString()).isEqualTo(SECRET);
		assertThat(messages.get(1).path("role").asString()).isEqualTo("assistant");
		assertThat(messages.get(1).path("content").asString()).contains("message 1");
		assertThat(messages.get(3).path("content").asString()).as("context came from the database")
			.contains("message 2");

		List<String> stored = this.jdbc.sql("select content from chat_messages where session_id = ?")
			.param(UUID.fromString(session))
			.query(String.class)
			.list();
		assertThat(stored).hasSize(4).noneMatch((content) -> content.contains("Quetzalcoatl"));
		String title = this.jdbc.sql("select title from chat_sessions where id = ?")
			.param(UUID.fromString(session))
			.query(String.class)
			.single();
		assertThat(title).doesNotContain("Quetzalcoatl");
		assertThat(output.getAll()).doesNotContain("Quetzalcoatl");

		JsonNode export = Http.json(api.get("/api/v1/users/me/export", token)).path("chat");
		assertThat(export.path("history").asString()).isEqualTo("encrypted");
		assertThat(export.path("conversations").get(0).path("messages").get(0).path("content").asString())
			.isEqualTo(SECRET);
	}

	@Test
	void anotherUserCannotListReadOrDeleteAConversation() {
		Api api = new Api(this.port);
		String owner = api.newUser("owner").path("access_token").asString();
		String intruder = api.newUser("intruder").path("access_token").asString();
		String session = Http.json(api.post("/api/v1/sessions", owner, "{}")).path("session_id").asString();
		api.post("/api/v1/chat", owner, "{\"message\": \"mine\", \"session_id\": \"" + session + "\"}");

		assertThat(Http.json(api.get("/api/v1/sessions", intruder)).path("sessions")).isEmpty();
		assertProblem(api.get("/api/v1/sessions/" + session + "/messages", intruder), 404, "NOT_FOUND");
		assertProblem(api.delete("/api/v1/sessions/" + session, intruder), 404, "NOT_FOUND");
		assertProblem(api.post("/api/v1/chat", intruder, "{\"message\": \"x\", \"session_id\": \"" + session + "\"}"),
				404, "NOT_FOUND");
		assertThat(Http.json(api.get("/api/v1/sessions/" + session + "/messages", owner)).path("messages")).hasSize(2);
		assertProblem(api.get("/api/v1/sessions/not-a-uuid/messages", owner), 400, "MALFORMED_REQUEST");
	}

	@Test
	void deletingAConversationOrTheAccountErasesTheMessages() {
		Api api = new Api(this.port);
		String token = api.newUser("eraser").path("access_token").asString();
		String kept = Http.json(api.post("/api/v1/sessions", token, "{}")).path("session_id").asString();
		String dropped = Http.json(api.post("/api/v1/sessions", token, "{}")).path("session_id").asString();
		api.post("/api/v1/chat", token, "{\"message\": \"keep\", \"session_id\": \"" + kept + "\"}");
		api.post("/api/v1/chat", token, "{\"message\": \"drop\", \"session_id\": \"" + dropped + "\"}");

		assertThat(api.delete("/api/v1/sessions/" + dropped, token).statusCode()).isEqualTo(204);
		assertProblem(api.get("/api/v1/sessions/" + dropped + "/messages", token), 404, "NOT_FOUND");
		assertThat(rows(dropped)).isZero();
		assertThat(rows(kept)).isEqualTo(2);

		assertThat(api.deleteJson("/api/v1/users/me", token, "{\"password\": \"" + Api.PASSWORD + "\"}").statusCode())
			.isEqualTo(204);
		assertThat(rows(kept)).isZero();
		assertThat(this.jdbc.sql("select count(*) from chat_sessions where id = ?")
			.param(UUID.fromString(kept))
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void theExportHoldsEveryConversationNotJustTheListedOnes() {
		Api api = new Api(this.port);
		String token = api.newUser("hoarder").path("access_token").asString();
		for (int i = 0; i < 205; i++) {
			assertThat(api.post("/api/v1/sessions", token, "{}").statusCode()).isEqualTo(201);
		}
		assertThat(Http.json(api.get("/api/v1/sessions", token)).path("sessions")).hasSize(200);
		assertThat(Http.json(api.get("/api/v1/users/me/export", token)).path("chat").path("conversations"))
			.hasSize(205);
	}

	private long rows(String session) {
		return this.jdbc.sql("select count(*) from chat_messages where session_id = ?")
			.param(UUID.fromString(session))
			.query(Long.class)
			.single();
	}

}
