package dev.bastion.auth;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Api;
import dev.bastion.support.Metrics;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stolen access token cannot guess the account's password without limit: a wrong
 * current password on any re-authentication counts towards the lock a login for the
 * account uses, and a locked account's re-authentication is refused before any hashing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ReauthenticationLockIntegrationTests {

	static final String WRONG = "not-my-password-";

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void fiveWrongCurrentPasswordsOnPasswordChangeThenTheNextLoginIsLocked() {
		Api api = new Api(this.port);
		JsonNode session = api.newUser("guessedat");
		String token = session.path("access_token").asString();
		for (int i = 0; i < 5; i++) {
			assertProblem(change(api, token, WRONG + i), 400, "VALIDATION_ERROR");
		}
		HttpResponse<String> login = api.login(session.path("user").path("username").asString(), Api.PASSWORD);
		JsonNode locked = assertProblem(login, 429, "ACCOUNT_LOCKED");
		long retryAfter = Long.parseLong(login.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1700L, 1800L);
		assertThat(locked.path("retry_after").asLong()).isEqualTo(retryAfter);
		double before = Metrics.unknownClientHashing(this.managementPort);
		assertProblem(change(api, token, Api.PASSWORD), 429, "ACCOUNT_LOCKED");
		assertThat(Metrics.unknownClientHashing(this.managementPort)).as("refused before hashing").isEqualTo(before);
	}

	@Test
	void wrongPasswordsOnEveryReauthenticationCountTowardsOneLockThatAKnownDeviceStillPasses() {
		Api api = new Api(this.port);
		JsonNode session = api.newUser("everyroute");
		String username = session.path("user").path("username").asString();
		String token = session.path("access_token").asString();
		assertProblem(totpSetup(api, token, WRONG + 1), 400, "VALIDATION_ERROR");
		assertProblem(emailChange(api, token, WRONG + 2), 400, "VALIDATION_ERROR");
		assertProblem(deletion(api, token, WRONG + 3), 400, "VALIDATION_ERROR");
		assertProblem(totpSetup(api, token, WRONG + 4), 400, "VALIDATION_ERROR");
		assertProblem(change(api, token, WRONG + 5), 400, "VALIDATION_ERROR");
		assertProblem(totpSetup(api, token, Api.PASSWORD), 429, "ACCOUNT_LOCKED");
		assertProblem(emailChange(api, token, Api.PASSWORD), 429, "ACCOUNT_LOCKED");
		assertProblem(deletion(api, token, Api.PASSWORD), 429, "ACCOUNT_LOCKED");
		assertProblem(api.login(username, Api.PASSWORD), 429, "ACCOUNT_LOCKED");
		// As for failed logins, the owner's device that logged in before is not locked
		// out.
		assertThat(
				api.login(username, Api.PASSWORD, "device_token", session.path("device_token").asString()).statusCode())
			.isEqualTo(200);
		assertThat(api.get("/api/v1/users/me", token).statusCode()).as("the account was not deleted").isEqualTo(200);
	}

	static HttpResponse<String> change(Api api, String token, String current) {
		return api.post("/api/v1/auth/password/change", token,
				"{\"current_password\": \"" + current + "\", \"new_password\": \"harbor-quartz-lilac-93\"}");
	}

	static HttpResponse<String> totpSetup(Api api, String token, String password) {
		return api.post("/api/v1/auth/totp/setup", token, "{\"password\": \"" + password + "\"}");
	}

	static HttpResponse<String> emailChange(Api api, String token, String password) {
		return api.patch("/api/v1/users/me", token, "{\"email\": \"" + Api.uniqueName("moved")
				+ "@example.org\", \"current_password\": \"" + password + "\"}");
	}

	static HttpResponse<String> deletion(Api api, String token, String password) {
		return api.deleteJson("/api/v1/users/me", token, "{\"password\": \"" + password + "\"}");
	}

}
