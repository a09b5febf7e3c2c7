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
 * Renaming, searching and regenerating stored conversations through the real server
 * (history on): owner-only, bounded, and the stored rows stay encrypted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "CHAT_HISTORY=encrypted", "CHAT_HISTORY_KEY=history-key-for-tests-0123456789abcdef" })
@ExtendWith(OutputCaptureExtension.class)
class ConversationManagementIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Api api;

	@Test
	void renameStoresTheNewTitleEncryptedForTheOwnerOnly(CapturedOutput output) {
		this.api = new Api(this.port);
		String owner = this.api.newUser("renamer").path("access_token").asString();
		String intruder = this.api.newUser("intruder").path("access_token").asString();
		String session = conversation(owner, "first words");

		assertThat(this.api.patch(path(session), owner, "{\"title\": \"  Trip to Lisbon  \"}").statusCode())
			.isEqualTo(204);
		assertThat(titles(owner)).containsExactly("Trip to Lisbon");
		assertThat(this.jdbc.sql("select title from chat_sessions where id = ?")
			.param(UUID.fromString(session))
			.query(String.class)
			.single()).doesNotContain("Lisbon");
		assertThat(output.getAll()).doesNotContain("Lisbon");

		assertProblem(this.api.patch(path(session), intruder, "{\"title\": \"mine now\"}"), 404, "NOT_FOUND");
		assertProblem(this.api.patch(path(UUID.randomUUID().toString()), owner, "{\"title\": \"x\"}"), 404,
				"NOT_FOUND");
		for (String bad : List.of("{}", "{\"title\": \"   \"}", "{\"title\": \"" + "x".repeat(101) + "\"}",
				"{\"title\": \"bell\\u0007\"}")) {
			assertProblem(this.api.patch(path(session), owner, bad), 400, "VALIDATION_ERROR");
		}
		assertThat(titles(owner)).containsExactly("Trip to Lisbon");

		String key = this.api.createApiKey(owner, "script");
		assertThat(this.api.patch(path(session), key, "{\"title\": \"Renamed by a script\"}").statusCode())
			.isEqualTo(204);
		assertThat(titles(owner)).containsExactly("Renamed by a script");
	}

	@Test
	void searchFindsTheOwnersConversationsByTitleOrMessageIgnoringCase() {
		this.api = new Api(this.port);
		String owner = this.api.newUser("searcher").path("access_token").asString();
		String other = this.api.newUser("neighbour").path("access_token").asString();
		String tides = conversation(owner, "When is high tide in Porto?");
		String bread = conversation(owner, "A recipe for bread");
		this.api.post("/api/v1/chat", owner,
				"{\"message\": \"and with sourdough starter?\", \"session_id\": \"" + bread + "\"}");
		conversation(other, "Sourdough secrets of the neighbour");

		assertThat(found(owner, "TIDE")).containsExactly(tides);
		assertThat(found(owner, "sourdough")).as("found by a later message, not the title").containsExactly(bread);
		assertThat(found(owner, "neighbour")).isEmpty();
		assertThat(found(owner, "%")).isEmpty();
		assertThat(found(other, "tide")).isEmpty();

		assertProblem(this.api.get("/api/v1/sessions?query=", owner), 400, "VALIDATION_ERROR");
		assertProblem(this.api.get("/api/v1/sessions?query=" + "a".repeat(201), owner), 400, "VALIDATION_ERROR");
		assertThat(Http.json(this.api.get("/api/v1/sessions", owner)).path("sessions")).hasSize(2);
	}

	@Test
	void regenerateReplacesTheLastAnswerWithoutRepeatingTheQuestion() {
		this.api = new Api(this.port);
		String owner = this.api.newUser("regenerator").path("access_token").asString();
		String intruder = this.api.newUser("thief").path("access_token").asString();
		String session = conversation(owner, "What is a haiku?");
		this.api.post("/api/v1/chat", owner, "{\"message\": \"Write one\", \"session_id\": \"" + session + "\"}");
		long lastAnswer = lastAnswerId(session);

		JsonNode reply = Http
			.json(this.api.post("/api/v1/chat", owner, "{\"regenerate\": true, \"session_id\": \"" + session + "\"}"));
		assertThat(reply.path("session_id").asString()).isEqualTo(session);
		assertThat(reply.path("cached").asBoolean()).isFalse();
		JsonNode messages = Http.json(this.api.get(path(session) + "/messages", owner)).path("messages");
		assertThat(messages).hasSize(4);
		assertThat(messages.get(2).path("content").asString()).isEqualTo("Write one");
		assertThat(messages.get(3).path("role").asString()).isEqualTo("assistant");
		assertThat(messages.get(3).path("content").asString()).isEqualTo(reply.path("reply").asString());
		assertThat(lastAnswerId(session)).as("a new answer, stored").isGreaterThan(lastAnswer);

		String regenerate = "{\"regenerate\": true, \"session_id\": \"" + session + "\"}";
		assertProblem(this.api.post("/api/v1/chat", intruder, regenerate), 404, "NOT_FOUND");
		assertProblem(this.api.post("/api/v1/chat", owner, "{\"regenerate\": true}"), 400, "VALIDATION_ERROR");
		assertProblem(
				this.api.post("/api/v1/chat", owner,
						"{\"regenerate\": true, \"message\": \"x\", \"session_id\": \"" + session + "\"}"),
				400, "VALIDATION_ERROR");
		String empty = Http.json(this.api.post("/api/v1/sessions", owner, "{}")).path("session_id").asString();
		assertProblem(this.api.post("/api/v1/chat", owner, "{\"regenerate\": true, \"session_id\": \"" + empty + "\"}"),
				400, "VALIDATION_ERROR");
		assertThat(Http.json(this.api.get(path(session) + "/messages", owner)).path("messages")).hasSize(4);
	}

	String conversation(String token, String message) {
		return Http.json(this.api.post("/api/v1/chat", token, "{\"message\": \"" + message + "\"}"))
			.path("session_id")
			.asString();
	}

	List<String> titles(String token) {
		return Http.json(this.api.get("/api/v1/sessions", token))
			.path("sessions")
			.valueStream()
			.map((session) -> session.path("title").asString())
			.toList();
	}

	List<String> found(String token, String query) {
		String encoded = java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8);
		return Http.json(this.api.get("/api/v1/sessions?query=" + encoded, token))
			.path("sessions")
			.valueStream()
			.map((session) -> session.path("session_id").asString())
			.toList();
	}

	long lastAnswerId(String session) {
		return this.jdbc.sql("select max(id) from chat_messages where session_id = ? and role = 'assistant'")
			.param(UUID.fromString(session))
			.query(Long.class)
			.single();
	}

	static String path(String session) {
		return "/api/v1/sessions/" + session;
	}

}
