package dev.bastion.web;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import tools.jackson.databind.JsonNode;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.EdgeProbe;
import dev.bastion.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A realistic session with known secret values, with the web and security layers logging
 * at DEBUG: none of the secrets may appear in any log line.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "SECRET_KEY=9c2f5e8a1d4b7c0e3f6a9d2c5b8e1f4a7d0c3b6e",
				"logging.level.org.springframework.web=DEBUG", "logging.level.org.springframework.security=DEBUG",
				"logging.level.dev.bastion=DEBUG" })
@Import(EdgeProbe.class)
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedIntegrationTests {

	static final String PASSWORD = "Corr3ct-Horse-Battery-Staple-77";

	static final String ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0b2tlbi1zZWNyZXQtOTk5In0.c2lnbmF0dXJlLXNlY3JldA";

	static final String API_KEY = "bst_live_k3y_5ecr3t_0123456789abcdef";

	static final String SESSION_COOKIE = "bastion-session-cookie-value-424242";

	static final String CHAT_MESSAGE = "my private diagnosis is mononucleosis";

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Test
	void noSecretAppearsInTheLogs(CapturedOutput output) {
		Http http = Http.local(this.port);
		http.get("/api/v1/users/me", "Authorization", "Bearer " + ACCESS_TOKEN);
		http.get("/api/v1/users/me", "Authorization", "Bearer " + API_KEY, "Cookie", "JSESSIONID=" + SESSION_COOKIE);
		http.get("/", "Cookie", "SESSION=" + SESSION_COOKIE, "X-Api-Key", API_KEY);
		http.postJson("/probe/greetings", "{\"name\": \"ann\", \"password\": \"" + PASSWORD + "\"}");
		http.postJson("/probe/greetings", "{\"name\": \"" + CHAT_MESSAGE + "\", \"note\": \"" + PASSWORD + "\"}");
		http.postJson("/probe/documents", "{\"message\": \"" + CHAT_MESSAGE + "\", \"api_key\": \"" + API_KEY + "\"}");
		http.postJson("/api/v1/auth/login", "{\"username\": \"ann\", \"password\": \"" + PASSWORD + "\"}");
		http.send("POST", "/api/v1/csp-reports",
				BodyPublishers.ofString("{\"csp-report\": {\"blocked-uri\": \"" + ACCESS_TOKEN + "\"}}"),
				"Content-Type", "application/csp-report", "Authorization", "Bearer " + API_KEY);
		assertThat(output.getOut()).contains("Securing GET /api/v1/users/me");
		for (String secret : List.of(PASSWORD, ACCESS_TOKEN.substring(40), API_KEY, SESSION_COOKIE, CHAT_MESSAGE,
				"9c2f5e8a1d4b7c0e3f6a9d2c5b8e1f4a7d0c3b6e")) {
			assertThat(output.getAll()).as("logs must not contain a secret").doesNotContain(secret);
		}
	}

	@Test
	void noCredentialOfARealSessionAppearsInTheLogs(CapturedOutput output) {
		Api api = new Api(this.port);
		JsonNode session = api.newUser("logcheck");
		String access = session.path("access_token").asString();
		String username = session.path("user").path("username").asString();
		api.login(username, "wrong-" + Api.PASSWORD);
		// A password typed into the username field must not end up in the logs either.
		api.login(PASSWORD, PASSWORD);
		JsonNode refreshed = Http.json(api.refresh(session.path("refresh_token").asString()));
		api.refresh(session.path("refresh_token").asString());
		JsonNode fresh = Http.json(api.login(username, Api.PASSWORD));
		String key = api.createApiKey(fresh.path("access_token").asString(), "bot");
		api.get("/api/v1/users/me", key);
		String secret = Http.json(api.post("/api/v1/auth/totp/setup", fresh.path("access_token").asString(),
				"{\"password\": \"" + Api.PASSWORD + "\"}"))
			.path("secret")
			.asString();
		api.post("/api/v1/auth/password/change", fresh.path("access_token").asString(),
				"{\"current_password\": \"" + Api.PASSWORD + "\", \"new_password\": \"" + PASSWORD + "\"}");
		api.post("/api/v1/auth/logout", fresh.path("access_token").asString(), "{}");
		assertThat(output.getOut()).contains("REFRESH_TOKEN_REUSED").contains("LOGIN_FAILED");
		for (String credential : List.of(Api.PASSWORD, PASSWORD, access, session.path("refresh_token").asString(),
				refreshed.path("refresh_token").asString(), fresh.path("device_token").asString(), key, secret)) {
			assertThat(output.getAll()).as("logs must not contain a credential").doesNotContain(credential);
		}
	}

	@Test
	void noInviteCodeAppearsInTheLogs(CapturedOutput output) {
		Api api = new Api(this.port);
		String admin = Api.uniqueName("inviter");
		this.accounts.createAdmin(admin, admin + "@example.org", Api.PASSWORD);
		String token = Http.json(api.login(admin, Api.PASSWORD)).path("access_token").asString();
		JsonNode invite = Http.json(api.post("/api/v1/admin/invites", token, "{}"));
		String code = invite.path("code").asString();
		assertThat(code).isNotBlank();
		api.get("/api/v1/admin/invites", token);
		String guest = Api.uniqueName("guest");
		api.http()
			.postJson("/api/v1/auth/register", "{\"username\": \"" + guest + "\", \"email\": \"" + guest
					+ "@example.org\", \"password\": \"" + Api.PASSWORD + "\", \"invite_code\": \"" + code + "\"}");
		assertThat(output.getOut()).contains("ADMIN_ACTION");
		assertThat(output.getAll()).as("logs must not contain an invite code").doesNotContain(code);
	}

}
