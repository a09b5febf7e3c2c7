package dev.bastion.chat;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code REQUIRE_AUTH=false}: anonymous callers may chat, limited per address; the rest
 * of the API still needs a login.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "REQUIRE_AUTH=false")
class AnonymousChatIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void anonymousCallersMayChatButNothingElse() {
		Http http = Http.local(this.port);
		String session = Http.json(http.postJson("/api/v1/sessions", "{}")).path("session_id").asString();
		HttpResponse<String> reply = http.postJson("/api/v1/chat",
				"{\"message\": \"hello\", \"session_id\": \"" + session + "\"}");
		assertThat(reply.statusCode()).isEqualTo(200);
		assertThat(Http.json(reply).path("provider").asString()).isEqualTo("offline");
		assertProblem(http.get("/api/v1/users/me"), 401, "AUTHENTICATION_REQUIRED");
		assertProblem(http.get("/api/v1/users/me/usage"), 401, "AUTHENTICATION_REQUIRED");
	}

	@Test
	void anonymousCallersHaveNoPresets() {
		Http http = Http.local(this.port);
		assertProblem(http.get("/api/v1/users/me/presets"), 401, "AUTHENTICATION_REQUIRED");
		assertProblem(http.postJson("/api/v1/users/me/presets", "{\"name\": \"x\", \"system_prompt\": \"y\"}"), 401,
				"AUTHENTICATION_REQUIRED");
		assertProblem(
				http.postJson("/api/v1/chat", "{\"message\": \"hello\", \"preset_id\": \"" + UUID.randomUUID() + "\"}"),
				404, "PRESET_NOT_FOUND");
	}

}
