package dev.bastion.auth;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords, codes and tokens arrive as {@code system.Secret}: a field that is missing,
 * null, empty or of the wrong type is refused exactly as when it was a plain string (400
 * {@code VALIDATION_ERROR} naming the field and the rule), and the secrets handed out are
 * still plain JSON strings.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SecretFieldsIntegrationTests {

	@LocalServerPort
	int port;

	Api api() {
		return new Api(this.port);
	}

	@Test
	void loginWithoutPasswordThen400OnPasswordBeforeAnyGuessIsCounted() {
		String username = Api.uniqueName("nopass");
		api().register(username);
		for (String password : new String[] { "", ", \"password\": null", ", \"password\": \"\"" }) {
			for (int attempt = 0; attempt < 6; attempt++) {
				assertRefused(login("{\"username\": \"" + username + "\"" + password + "}"), "password", "is required");
			}
		}
		assertRefused(login("{\"username\": \"" + username + "\", \"password\": {\"value\": \"x\"}}"), "password",
				"has the wrong type");
		assertThat(api().login(username, Api.PASSWORD).statusCode()).as("not locked by the refusals").isEqualTo(200);
	}

	@Test
	void refreshWithoutTokenThen400OnRefreshToken() {
		for (String body : new String[] { "{}", "{\"refresh_token\": null}", "{\"refresh_token\": \"  \"}" }) {
			assertRefused(api().http().postJson("/api/v1/auth/refresh", body), "refresh_token", "is required");
		}
	}

	@Test
	void reauthenticationWithoutPasswordThen400OnItsField() {
		String token = api().newUser("noreauth").path("access_token").asString();
		for (String password : new String[] { "", ", \"current_password\": null", ", \"current_password\": \"\"" }) {
			assertRefused(api().post("/api/v1/users/me/api-keys", token, "{\"name\": \"script\"" + password + "}"),
					"current_password", "is required");
			assertRefused(
					api().post("/api/v1/users/me/passkeys/options", token, "{" + password.replaceFirst(", ", "") + "}"),
					"current_password", "is required");
		}
		assertRefused(api().post("/api/v1/auth/password/change", token, "{\"new_password\": \"orbit-tangerine-64\"}"),
				"current_password", "is not your current password");
		assertRefused(api().post("/api/v1/auth/totp/setup", token, "{}"), "password", "is not your current password");
		assertThat(
				api().post("/api/v1/auth/totp/setup", token, "{\"password\": \"" + Api.PASSWORD + "\"}").statusCode())
			.isEqualTo(200);
		for (String body : new String[] { "{}", "{\"totp_code\": null}", "{\"totp_code\": \"\"}" }) {
			assertRefused(api().post("/api/v1/auth/totp/confirm", token, body), "totp_code",
					"is not the current code of your authenticator");
		}
	}

	@Test
	void passwordChangeOrResetWithoutNewPasswordThen400OnNewPassword() {
		String token = api().newUser("nonew").path("access_token").asString();
		JsonNode missing = assertProblem(
				api().post("/api/v1/auth/password/change", token, "{\"current_password\": \"" + Api.PASSWORD + "\"}"),
				400, "VALIDATION_ERROR");
		assertThat(missing.path("errors")).hasSize(1);
		assertThat(missing.path("errors").get(0).path("field").asString()).isEqualTo("new_password");
		assertThat(missing.path("errors").get(0).path("message").asString()).startsWith("must be at least");
		for (String body : new String[] { "{\"new_password\": \"orbit-tangerine-fjord-64\"}",
				"{\"token\": null, \"new_password\": \"orbit-tangerine-fjord-64\"}", "{\"token\": \"\"}" }) {
			assertRefused(api().http().postJson("/api/v1/auth/password/reset", body), "token",
					"is invalid, used or expired; ask for a new link");
		}
	}

	@Test
	void secretsHandedOutAreStillPlainJsonStrings() {
		JsonNode login = api().newUser("shapes");
		assertThat(login.path("access_token").isString()).isTrue();
		assertThat(login.path("refresh_token").isString()).isTrue();
		assertThat(login.path("device_token").isString()).isTrue();
		assertThat(login.path("token_type").asString()).isEqualTo("Bearer");
		String token = login.path("access_token").asString();
		JsonNode key = Http.json(api().post("/api/v1/users/me/api-keys", token,
				"{\"name\": \"script\", \"current_password\": \"" + Api.PASSWORD + "\"}"));
		assertThat(key.path("key").asString()).startsWith(key.path("prefix").asString() + "_");
		JsonNode setup = Http
			.json(api().post("/api/v1/auth/totp/setup", token, "{\"password\": \"" + Api.PASSWORD + "\"}"));
		assertThat(setup.path("secret").isString()).isTrue();
		assertThat(setup.path("otpauth_uri").asString()).contains("secret=" + setup.path("secret").asString());
		JsonNode refreshed = Http.json(api().refresh(login.path("refresh_token").asString()));
		assertThat(refreshed.path("refresh_token").isString()).isTrue();
		assertThat(refreshed.has("device_token")).as("only a full login gives one").isFalse();
	}

	private HttpResponse<String> login(String body) {
		return api().http().postJson("/api/v1/auth/login", body);
	}

	private static void assertRefused(HttpResponse<String> response, String field, String message) {
		JsonNode problem = assertProblem(response, 400, "VALIDATION_ERROR");
		assertThat(problem.path("errors")).hasSize(1);
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
		assertThat(problem.path("errors").get(0).path("message").asString()).isEqualTo(message);
	}

}
