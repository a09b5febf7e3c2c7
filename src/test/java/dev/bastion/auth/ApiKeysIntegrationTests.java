package dev.bastion.auth;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Totp;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short-lived credential cannot mint a permanent one, and a permanent one can only
 * chat: API keys need the password (and code) to be made, are refused with 403 on every
 * route but chat's, never act as an admin, end with a password change unless the owner
 * keeps them, and an account holds at most {@code MAX_API_KEYS} (20) of them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ApiKeysIntegrationTests {

	static final String KEYS = "/api/v1/users/me/api-keys";

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accountManagement;

	Api api() {
		return new Api(this.port);
	}

	static String keyRequest(String name, String... extraJson) {
		StringBuilder body = new StringBuilder("{\"name\": \"" + name + "\"");
		for (int i = 0; i < extraJson.length; i += 2) {
			body.append(", \"").append(extraJson[i]).append("\": \"").append(extraJson[i + 1]).append('"');
		}
		return body.append('}').toString();
	}

	static void assertRefusedOn(HttpResponse<String> response, String field) {
		JsonNode problem = assertProblem(response, 400, "VALIDATION_ERROR");
		assertThat(problem.path("errors")).hasSize(1);
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
	}

	@Test
	void creatingAKeyWithoutOrWithAWrongPasswordThen400AndNoKey() {
		String token = api().newUser("nokey").path("access_token").asString();
		assertRefusedOn(api().post(KEYS, token, keyRequest("script")), "current_password");
		assertRefusedOn(api().post(KEYS, token, keyRequest("script", "current_password", "")), "current_password");
		assertRefusedOn(api().post(KEYS, token, keyRequest("script", "current_password", "not-my-password-at-all")),
				"current_password");
		assertThat(Http.json(api().get(KEYS, token)).path("api_keys")).isEmpty();
		assertThat(api().post(KEYS, token, keyRequest("script", "current_password", Api.PASSWORD)).statusCode())
			.isEqualTo(201);
	}

	@Test
	void creatingAKeyWithTwoFactorOnNeedsTheCurrentCodeToo() {
		String token = api().newUser("keytotp").path("access_token").asString();
		String secret = api().enableTotp(token);
		assertRefusedOn(api().post(KEYS, token, keyRequest("script", "current_password", Api.PASSWORD)), "totp_code");
		String wrong = Totp.code(secret, 20);
		assertRefusedOn(
				api().post(KEYS, token, keyRequest("script", "current_password", Api.PASSWORD, "totp_code", wrong)),
				"totp_code");
		assertRefusedOn(api().post(KEYS, token,
				keyRequest("script", "current_password", "not-my-password-at-all", "totp_code", Totp.code(secret, 0))),
				"current_password");
		assertThat(Http.json(api().get(KEYS, token)).path("api_keys")).isEmpty();
		HttpResponse<String> created = api().post(KEYS, token,
				keyRequest("script", "current_password", Api.PASSWORD, "totp_code", Totp.code(secret, 0)));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	@Test
	void anApiKeyCanChatAndReadWhatChatNeeds() {
		JsonNode user = api().newUser("chatkey");
		String key = api().createApiKey(user.path("access_token").asString(), "bot");
		assertThat(Http.json(api().get("/api/v1/users/me", key)).path("username").asString())
			.isEqualTo(user.path("user").path("username").asString());
		assertThat(api().get("/api/v1/users/me/usage", key).statusCode()).isEqualTo(200);
		HttpResponse<String> started = api().post("/api/v1/sessions", key, "{}");
		assertThat(started.statusCode()).isEqualTo(201);
		String session = Http.json(started).path("session_id").asString();
		HttpResponse<String> reply = api().post("/api/v1/chat", key,
				"{\"message\": \"hello\", \"session_id\": \"" + session + "\"}");
		assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
		// History is off on this server: the conversation routes answer, but keep
		// nothing.
		assertThat(assertProblem(api().get("/api/v1/sessions", key), 404, "NOT_FOUND").path("detail").asString())
			.contains("history is off");
		assertProblem(api().get("/api/v1/sessions/" + session + "/messages", key), 404, "NOT_FOUND");
		assertThat(api().delete("/api/v1/sessions/" + session, key).statusCode()).isIn(204, 404);
		assertThat(api().get("/v1/models", key).statusCode()).isEqualTo(200);
		assertThat(api()
			.post("/v1/chat/completions", key,
					"{\"model\": \"offline\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
			.statusCode()).isEqualTo(200);
		// Past the security rules: this server has no speech-to-text provider.
		assertProblem(api().post("/api/v1/voice", key, "{}"), 503, "SERVICE_UNAVAILABLE");
	}

	@Test
	void anApiKeyIsRefusedWith403EverywhereElse() {
		JsonNode user = api().newUser("scoped");
		String token = user.path("access_token").asString();
		String key = api().createApiKey(token, "bot");
		String keyId = Http.json(api().get(KEYS, token)).path("api_keys").get(0).path("id").asString();
		String sessionId = Http.json(api().get("/api/v1/users/me/sessions", token))
			.path("sessions")
			.get(0)
			.path("id")
			.asString();
		String password = "\"" + Api.PASSWORD + "\"";
		List<HttpResponse<String>> refused = List.of(
				api().post(KEYS, key, keyRequest("more", "current_password", Api.PASSWORD)), api().get(KEYS, key),
				api().delete(KEYS + "/" + keyId, key), api().get("/api/v1/users/me/sessions", key),
				api().delete("/api/v1/users/me/sessions/" + sessionId, key),
				api().post("/api/v1/auth/password/change", key,
						"{\"current_password\": " + password + ", \"new_password\": \"cobalt-meadow-quiver-58\"}"),
				api().post("/api/v1/auth/logout", key, "{}"),
				api().post("/api/v1/auth/totp/setup", key, "{\"password\": " + password + "}"),
				api().post("/api/v1/auth/totp/confirm", key, "{\"totp_code\": \"123456\"}"),
				api().post("/api/v1/auth/totp/disable", key,
						"{\"password\": " + password + ", \"totp_code\": \"123456\"}"),
				api().get("/api/v1/auth/totp/qr-code", key),
				api().patch("/api/v1/users/me", key,
						"{\"email\": \"taken-over@example.org\", \"current_password\": " + password + "}"),
				api().patch("/api/v1/users/me", key, "{\"bio\": \"changed by a key\"}"),
				api().get("/api/v1/users/me/export", key),
				api().deleteJson("/api/v1/users/me", key, "{\"password\": " + password + "}"),
				api().get("/api/v1/admin/users", key), api().get("/api/v1/no-such-route", key));
		for (HttpResponse<String> response : refused) {
			JsonNode problem = assertProblem(response, 403, "FORBIDDEN");
			assertThat(problem.path("detail").asString()).contains("API key");
		}
		assertThat(Http.json(api().get(KEYS, token)).path("api_keys")).as("no key made, none revoked").hasSize(1);
		assertThat(api().get("/api/v1/users/me", token).statusCode()).as("the login lives").isEqualTo(200);
		assertThat(Http.json(api().get("/api/v1/users/me", token)).path("bio").isNull()).isTrue();
		assertThat(api().login(user.path("user").path("username").asString(), Api.PASSWORD).statusCode())
			.as("password unchanged, account not deleted")
			.isEqualTo(200);
	}

	@Test
	void anAdminsApiKeyIsAPlainUsersKey() {
		String admin = Api.uniqueName("keyadmin");
		this.accountManagement.createAdmin(admin, admin + "@example.org", Api.PASSWORD);
		String token = Http.json(api().login(admin, Api.PASSWORD)).path("access_token").asString();
		String key = api().createApiKey(token, "admin script");
		assertThat(api().get("/api/v1/admin/users", token).statusCode()).isEqualTo(200);
		for (String path : List.of("/api/v1/admin/users", "/api/v1/admin/security-events", "/api/v1/admin/bans")) {
			assertProblem(api().get(path, key), 403, "FORBIDDEN");
		}
		assertProblem(api().post("/api/v1/admin/users/" + UUID.randomUUID() + "/revoke-tokens", key, "{}"), 403,
				"FORBIDDEN");
		assertThat(api().get("/api/v1/users/me/usage", key).statusCode()).isEqualTo(200);
	}

	@Test
	void aPasswordChangeRevokesTheKeysUnlessTheOwnerKeepsThem() {
		String token = api().newUser("rotatekeys").path("access_token").asString();
		String first = api().createApiKey(token, "first");
		assertThat(
				api()
					.post("/api/v1/auth/password/change", token,
							"{\"current_password\": \"" + Api.PASSWORD
									+ "\", \"new_password\": \"cobalt-meadow-quiver-58\"}")
					.statusCode())
			.isEqualTo(204);
		assertProblem(api().get("/api/v1/users/me", first), 401, "TOKEN_REVOKED");
		assertThat(Http.json(api().get(KEYS, token)).path("api_keys")).isEmpty();

		HttpResponse<String> second = api().post(KEYS, token,
				keyRequest("second", "current_password", "cobalt-meadow-quiver-58"));
		String kept = Http.json(second).path("key").asString();
		assertThat(api()
			.post("/api/v1/auth/password/change", token,
					"{\"current_password\": \"cobalt-meadow-quiver-58\", "
							+ "\"new_password\": \"saffron-glacier-ember-19\", \"revoke_api_keys\": false}")
			.statusCode()).isEqualTo(204);
		assertThat(api().get("/api/v1/users/me", kept).statusCode()).isEqualTo(200);
		assertThat(Http.json(api().get(KEYS, token)).path("api_keys")).hasSize(1);
	}

	@Test
	void theTwentyFirstLiveKeyThen409() {
		String token = api().newUser("manykeys").path("access_token").asString();
		for (int i = 1; i <= 20; i++) {
			api().createApiKey(token, "key " + i);
		}
		JsonNode problem = assertProblem(
				api().post(KEYS, token, keyRequest("key 21", "current_password", Api.PASSWORD)), 409, "CONFLICT");
		assertThat(problem.path("detail").asString()).contains("20 API keys");
		String id = Http.json(api().get(KEYS, token)).path("api_keys").get(0).path("id").asString();
		assertThat(api().delete(KEYS + "/" + id, token).statusCode()).isEqualTo(204);
		assertThat(api().post(KEYS, token, keyRequest("key 21", "current_password", Api.PASSWORD)).statusCode())
			.as("a revoked key leaves room")
			.isEqualTo(201);
	}

	@Test
	void aWebSessionAlsoNeedsThePasswordToMakeAKey() {
		String username = Api.uniqueName("webkey");
		api().register(username);
		Http http = api().http();
		HttpResponse<String> page = http.get("/");
		String csrf = cookie(page, "XSRF-TOKEN");
		HttpResponse<String> login = http.send("POST", "/web/session",
				BodyPublishers.ofString("{\"username\": \"" + username + "\", \"password\": \"" + Api.PASSWORD + "\"}"),
				"Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf);
		assertThat(login.statusCode()).isEqualTo(200);
		String cookies = "bastion-session=" + cookie(login, "bastion-session") + "; XSRF-TOKEN=" + csrf;
		assertRefusedOn(http.send("POST", KEYS, BodyPublishers.ofString(keyRequest("web")), "Content-Type",
				"application/json", "Cookie", cookies, "X-XSRF-TOKEN", csrf), "current_password");
		HttpResponse<String> created = http.send("POST", KEYS,
				BodyPublishers.ofString(keyRequest("web", "current_password", Api.PASSWORD)), "Content-Type",
				"application/json", "Cookie", cookies, "X-XSRF-TOKEN", csrf);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	static String cookie(HttpResponse<String> response, String name) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith(name + "="))
			.map((cookie) -> cookie.substring(name.length() + 1, cookie.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + name + " cookie"));
	}

}
