package dev.bastion.auth;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Device tokens do not outlive an incident: only a full login issues one, a returning
 * device keeps its id, and a password change, an admin's revoke-tokens or deactivation
 * ends every device token issued before, so that an attacker's device no longer slips
 * past the account's lock while the owner's fresh one still does. An account trusts at
 * most {@code MAX_DEVICE_TOKENS} (10) devices; the least recently used goes first.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DeviceTokensIntegrationTests {

	static final String NEW_PASSWORD = "cobalt-meadow-quiver-58";

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accountManagement;

	@Autowired
	JdbcClient jdbc;

	Api api;

	String admin;

	@BeforeEach
	void admin() {
		this.api = new Api(this.port);
		String name = Api.uniqueName("devops");
		this.accountManagement.createAdmin(name, name + "@example.org", Api.PASSWORD);
		this.admin = Http.json(this.api.login(name, Api.PASSWORD)).path("access_token").asString();
	}

	String deviceOf(String username, String password, String... extraJson) {
		HttpResponse<String> login = this.api.login(username, password, extraJson);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		String device = Http.json(login).path("device_token").asString();
		assertThat(device).isNotBlank();
		return device;
	}

	/** Someone guesses at the account until it locks, even for the right password. */
	void lock(String username, String password) {
		for (int i = 0; i < 5; i++) {
			assertProblem(this.api.login(username, "attacker-guess-" + i), 401, "INVALID_CREDENTIALS");
		}
		assertProblem(this.api.login(username, password), 429, "ACCOUNT_LOCKED");
	}

	/** Whether the device token still lets its holder past the account's lock. */
	void assertTrusted(String username, String password, String device, boolean trusted) {
		HttpResponse<String> login = this.api.login(username, password, "device_token", device);
		if (trusted) {
			assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		}
		else {
			assertProblem(login, 429, "ACCOUNT_LOCKED");
		}
	}

	long devices(String username) {
		return this.jdbc
			.sql("select count(*) from devices d join accounts a on a.id = d.account_id where a.username = ?")
			.param(username)
			.query(Long.class)
			.single();
	}

	@Test
	void onlyAFullLoginIssuesADeviceTokenAndAReturningDeviceKeepsItsId() {
		JsonNode login = this.api.newUser("refresher");
		String username = login.path("user").path("username").asString();
		String device = login.path("device_token").asString();
		assertThat(device).isNotBlank();
		HttpResponse<String> refreshed = this.api.refresh(login.path("refresh_token").asString());
		assertThat(refreshed.statusCode()).isEqualTo(200);
		assertThat(Http.json(refreshed).has("device_token")).as(refreshed.body()).isFalse();
		assertThat(refreshed.body()).doesNotContain("device_token");
		for (int i = 0; i < 3; i++) {
			device = deviceOf(username, Api.PASSWORD, "device_token", device);
		}
		assertThat(devices(username)).as("one device, however often it logs in").isEqualTo(1);
		lock(username, Api.PASSWORD);
		assertTrusted(username, Api.PASSWORD, device, true);
	}

	@Test
	void aPasswordChangeEndsEveryEarlierDeviceToken() {
		JsonNode login = this.api.newUser("changer");
		String username = login.path("user").path("username").asString();
		String before = login.path("device_token").asString();
		assertThat(
				this.api
					.post("/api/v1/auth/password/change", login.path("access_token").asString(),
							"{\"current_password\": \"" + Api.PASSWORD + "\", \"new_password\": \"" + NEW_PASSWORD
									+ "\"}")
					.statusCode())
			.isEqualTo(204);
		String after = deviceOf(username, NEW_PASSWORD);
		lock(username, NEW_PASSWORD);
		assertTrusted(username, NEW_PASSWORD, before, false);
		assertTrusted(username, NEW_PASSWORD, after, true);
	}

	@Test
	void anAdminsRevokeTokensEndsEveryEarlierDeviceToken() {
		JsonNode login = this.api.newUser("revoked");
		String username = login.path("user").path("username").asString();
		String before = login.path("device_token").asString();
		assertThat(this.api
			.post("/api/v1/admin/users/" + login.path("user").path("id").asString() + "/revoke-tokens", this.admin,
					"{}")
			.statusCode()).isEqualTo(204);
		assertThat(devices(username)).isZero();
		String after = deviceOf(username, Api.PASSWORD);
		lock(username, Api.PASSWORD);
		assertTrusted(username, Api.PASSWORD, before, false);
		assertTrusted(username, Api.PASSWORD, after, true);
	}

	@Test
	void deactivateThenActivateEndsEveryEarlierDeviceToken() {
		JsonNode login = this.api.newUser("deactivated");
		String username = login.path("user").path("username").asString();
		String id = login.path("user").path("id").asString();
		String before = login.path("device_token").asString();
		assertThat(this.api.post("/api/v1/admin/users/" + id + "/deactivate", this.admin, "{}").statusCode())
			.isEqualTo(204);
		assertThat(this.api.post("/api/v1/admin/users/" + id + "/activate", this.admin, "{}").statusCode())
			.isEqualTo(204);
		String after = deviceOf(username, Api.PASSWORD);
		lock(username, Api.PASSWORD);
		assertTrusted(username, Api.PASSWORD, before, false);
		assertTrusted(username, Api.PASSWORD, after, true);
	}

	@Test
	void theEleventhDeviceDropsTheLeastRecentlyUsedOne() {
		JsonNode login = this.api.newUser("crowded");
		String username = login.path("user").path("username").asString();
		String oldestButBusy = login.path("device_token").asString();
		String leastRecentlyUsed = deviceOf(username, Api.PASSWORD);
		oldestButBusy = deviceOf(username, Api.PASSWORD, "device_token", oldestButBusy);
		List<String> newer = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			newer.add(deviceOf(username, Api.PASSWORD));
		}
		assertThat(devices(username)).isEqualTo(10);
		String eleventh = deviceOf(username, Api.PASSWORD);
		assertThat(devices(username)).isEqualTo(10);
		lock(username, Api.PASSWORD);
		assertTrusted(username, Api.PASSWORD, leastRecentlyUsed, false);
		assertTrusted(username, Api.PASSWORD, oldestButBusy, true);
		assertTrusted(username, Api.PASSWORD, eleventh, true);
		assertTrusted(username, Api.PASSWORD, newer.get(0), true);
	}

	@Test
	void aDeviceTokenOfAnotherAccountIsNoDeviceHere() {
		String theirs = this.api.newUser("neighbour").path("device_token").asString();
		JsonNode login = this.api.newUser("target");
		String username = login.path("user").path("username").asString();
		lock(username, Api.PASSWORD);
		assertTrusted(username, Api.PASSWORD, theirs, false);
		assertTrusted(username, Api.PASSWORD, UUID.randomUUID().toString() + ".forged", false);
	}

}
