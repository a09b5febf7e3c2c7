package dev.bastion.account;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code REGISTRATION=approval}: a sign-up waits, pending, until an administrator
 * approves it; only its owner, with the right password, learns that it waits.
 * Administrators list, approve and reject pending accounts, and each decision is audited.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "REGISTRATION=approval")
class ApprovalRegistrationIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Autowired
	JdbcClient jdbc;

	Api api;

	String admin;

	@BeforeEach
	void admin() {
		this.api = new Api(this.port);
		String name = Api.uniqueName("approver");
		this.accounts.createAdmin(name, name + "@example.org", Api.PASSWORD);
		this.admin = Http.json(this.api.login(name, Api.PASSWORD)).path("access_token").asString();
	}

	JsonNode signUp(String username) {
		HttpResponse<String> response = this.api.http()
			.postJson("/api/v1/auth/register", "{\"username\": \"" + username + "\", \"email\": \"" + username
					+ "@example.org\", \"password\": \"" + Api.PASSWORD + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return Http.json(response);
	}

	HttpResponse<String> decide(String id, String action) {
		return this.api.post("/api/v1/admin/users/" + id + "/" + action, this.admin, "{}");
	}

	@Test
	void anAdminsInviteLinkLetsItsPersonInOnceActiveAtOnceWithoutApproval() {
		new AdminInviteLinks(this.api, this.jdbc, this.admin).invitedPersonRegistersOnceActiveAtOnce();
	}

	@Test
	void onlyAnAdministratorCreatesAUserByInviteLinkAndItIsAudited() {
		new AdminInviteLinks(this.api, this.jdbc, this.admin).onlyAnAdministratorInvitesAndItIsAudited();
	}

	@Test
	void theModeIsPublic() {
		HttpResponse<String> mode = this.api.http().get("/api/v1/auth/registration");
		assertThat(mode.statusCode()).isEqualTo(200);
		assertThat(Http.json(mode).path("mode").asString()).isEqualTo("approval");
	}

	@Test
	void aSignUpIsPendingAndOnlyTheRightPasswordLearnsSo() {
		String username = Api.uniqueName("waiting");
		JsonNode profile = signUp(username);
		assertThat(profile.path("pending").asBoolean()).isTrue();
		assertThat(profile.path("active").asBoolean()).isTrue();
		assertThat(profile.path("role").asString()).isEqualTo("USER");

		JsonNode problem = assertProblem(this.api.login(username, Api.PASSWORD), 403, "ACCOUNT_PENDING");
		assertThat(problem.path("detail").asString()).contains("approval");
		assertProblem(this.api.login(username + "@example.org", Api.PASSWORD), 403, "ACCOUNT_PENDING");
		// A wrong password gets exactly what an unknown name gets.
		JsonNode wrong = assertProblem(this.api.login(username, "not-the-password-9"), 401, "INVALID_CREDENTIALS");
		JsonNode unknown = assertProblem(this.api.login(Api.uniqueName("nobody"), "not-the-password-9"), 401,
				"INVALID_CREDENTIALS");
		assertThat(wrong.path("detail").asString()).isEqualTo(unknown.path("detail").asString());
		// The web UI's login says the same.
		String csrf = this.api.http()
			.get("/")
			.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("XSRF-TOKEN="))
			.map((cookie) -> cookie.substring("XSRF-TOKEN=".length(), cookie.indexOf(';')))
			.findFirst()
			.orElseThrow();
		HttpResponse<String> web = this.api.http()
			.send("POST", "/web/session",
					BodyPublishers
						.ofString("{\"username\": \"" + username + "\", \"password\": \"" + Api.PASSWORD + "\"}"),
					"Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf);
		assertProblem(web, 403, "ACCOUNT_PENDING");
	}

	@Test
	void anAdminListsApprovesAndRejectsPendingAccounts() {
		String kept = Api.uniqueName("kept");
		String refused = Api.uniqueName("refused");
		String keptId = signUp(kept).path("id").asString();
		String refusedId = signUp(refused).path("id").asString();

		JsonNode pending = Http.json(this.api.get("/api/v1/admin/users?status=pending&size=100", this.admin));
		assertThat(pending.path("users").findValuesAsString("username")).contains(kept, refused)
			.noneMatch((name) -> name.startsWith("approver"));
		assertThat(pending.path("users").findValues("pending")).allMatch(JsonNode::asBoolean);

		assertThat(decide(keptId, "approve").statusCode()).isEqualTo(204);
		assertThat(this.api.login(kept, Api.PASSWORD).statusCode()).isEqualTo(200);
		assertProblem(decide(keptId, "approve"), 409, "CONFLICT");
		assertProblem(decide(keptId, "reject"), 409, "CONFLICT");

		assertThat(decide(refusedId, "reject").statusCode()).isEqualTo(204);
		assertProblem(this.api.login(refused, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
		assertThat(this.jdbc.sql("select count(*) from accounts where username = ?")
			.param(refused)
			.query(Long.class)
			.single()).isZero();
		// Rejected means gone: the name is free again.
		assertThat(signUp(refused).path("pending").asBoolean()).isTrue();

		JsonNode actions = Http.json(this.api.get("/api/v1/admin/security-events?type=ADMIN_ACTION", this.admin))
			.path("events");
		assertThat(actions.findValues("details")).anySatisfy((details) -> {
			assertThat(details.path("action").asString()).isEqualTo("approve");
			assertThat(details.path("target").asString()).isEqualTo(kept);
		}).anySatisfy((details) -> {
			assertThat(details.path("action").asString()).isEqualTo("reject");
			assertThat(details.path("target").asString()).isEqualTo(refused);
		});
	}

	@Test
	void onlyAdminsDecideAndAnUnknownStatusIsRefused() {
		String user = Api.uniqueName("pushy");
		String id = signUp(user).path("id").asString();
		decide(id, "approve");
		String token = Http.json(this.api.login(user, Api.PASSWORD)).path("access_token").asString();
		String other = signUp(Api.uniqueName("other")).path("id").asString();
		assertProblem(this.api.post("/api/v1/admin/users/" + other + "/approve", token, "{}"), 403, "FORBIDDEN");
		assertProblem(this.api.http().postJson("/api/v1/admin/users/" + other + "/approve", "{}"), 401,
				"AUTHENTICATION_REQUIRED");
		assertProblem(this.api.get("/api/v1/admin/users?status=waiting", this.admin), 400, "VALIDATION_ERROR");
		assertProblem(decide("00000000-0000-0000-0000-000000000000", "approve"), 404, "NOT_FOUND");
	}

	@Test
	void aPendingAccountCannotBePromoted() {
		String id = signUp(Api.uniqueName("climber")).path("id").asString();
		assertProblem(decide(id, "promote"), 409, "CONFLICT");
	}

}
