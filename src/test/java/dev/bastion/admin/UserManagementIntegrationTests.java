package dev.bastion.admin;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Instant;
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

import dev.bastion.account.AccountLimits;
import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Totp;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admin user management through the real server: listing in stable, bounded pages,
 * creating accounts with a one-time password, resetting a second factor, deleting an
 * account, a budget and models of its own, its usage; refused to users and API keys,
 * never leaving Bastion without an administrator, and audited. (The context of
 * {@link RoleChangeIntegrationTests}: these tests too decide who the administrators are.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "MAX_DEVICE_TOKENS=9")
class UserManagementIntegrationTests {

	private static final String NIL = "00000000-0000-0000-0000-000000000000";

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Autowired
	AccountLimits limits;

	@Autowired
	JdbcClient jdbc;

	Api api;

	JsonNode admin;

	String token;

	@BeforeEach
	void admin() {
		this.api = new Api(this.port);
		String name = Api.uniqueName("boss");
		this.accounts.createAdmin(name, name + "@example.org", Api.PASSWORD);
		this.admin = Http.json(this.api.login(name, Api.PASSWORD));
		this.token = this.admin.path("access_token").asString();
	}

	HttpResponse<String> put(String path, String bearer, String json) {
		return this.api.put(path, bearer, json);
	}

	JsonNode created(String username) {
		HttpResponse<String> response = this.api.post("/api/v1/admin/users", this.token,
				"{\"username\": \"" + username + "\", \"email\": \"" + username + "@example.org\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return Http.json(response);
	}

	List<String> adminActions() {
		JsonNode events = Http.json(this.api.get("/api/v1/admin/security-events?type=ADMIN_ACTION&user="
				+ this.admin.path("user").path("id").asString() + "&size=100", this.token))
			.path("events");
		List<String> actions = new ArrayList<>();
		events.forEach((event) -> actions.add(event.path("details").path("action").asString() + " "
				+ event.path("details").path("target").asString()));
		return actions;
	}

	@Test
	void everyNewEndpointIsForbiddenToUsersAndToApiKeys() {
		JsonNode user = this.api.newUser("curious");
		String bearer = user.path("access_token").asString();
		String key = this.api.createApiKey(this.token, "admin-script");
		String id = user.path("user").path("id").asString();
		for (String credential : new String[] { bearer, key }) {
			assertProblem(this.api.get("/api/v1/admin/users", credential), 403, "FORBIDDEN");
			assertProblem(this.api.get("/api/v1/admin/users/" + id, credential), 403, "FORBIDDEN");
			assertProblem(this.api.get("/api/v1/admin/users/" + id + "/usage", credential), 403, "FORBIDDEN");
			assertProblem(this.api.post("/api/v1/admin/users", credential,
					"{\"username\": \"sneaky\", \"email\": \"sneaky@example.org\"}"), 403, "FORBIDDEN");
			assertProblem(this.api.post("/api/v1/admin/users/" + id + "/reset-totp", credential, "{}"), 403,
					"FORBIDDEN");
			assertProblem(put("/api/v1/admin/users/" + id + "/limits", credential, "{\"daily_token_budget\": 1}"), 403,
					"FORBIDDEN");
			assertProblem(this.api.delete("/api/v1/admin/users/" + id, credential), 403, "FORBIDDEN");
		}
		assertProblem(this.api.http().get("/api/v1/admin/users/" + id), 401, "AUTHENTICATION_REQUIRED");
		assertThat(this.api.get("/api/v1/users/me", bearer).statusCode()).as("nothing happened").isEqualTo(200);
	}

	@Test
	void pagesAreBoundedAndBadPagingIsAValidationError() {
		String prefix = "pager" + UUID.randomUUID().toString().substring(0, 6);
		for (int i = 0; i < 3; i++) {
			created(prefix + "-" + i);
		}
		JsonNode first = Http.json(this.api.get("/api/v1/admin/users?query=" + prefix + "&size=2", this.token));
		JsonNode second = Http.json(this.api.get("/api/v1/admin/users?q=" + prefix + "&size=2&page=1", this.token));
		assertThat(first.path("total").asLong()).isEqualTo(3);
		assertThat(first.path("users").findValuesAsString("username")).containsExactly(prefix + "-0", prefix + "-1");
		assertThat(second.path("users").findValuesAsString("username")).containsExactly(prefix + "-2");
		assertThat(second.path("page").asInt()).isEqualTo(1);
		assertThat(second.path("size").asInt()).isEqualTo(2);
		for (String bad : new String[] { "size=101", "size=0", "page=-1", "page=abc", "size=1e3", "page=1000001",
				"status=gone" }) {
			assertProblem(this.api.get("/api/v1/admin/users?" + bad, this.token), 400, "VALIDATION_ERROR");
		}
		assertThat(this.api.get("/api/v1/admin/users?size=100", this.token).statusCode()).isEqualTo(200);
		assertProblem(this.api.get("/api/v1/admin/users/" + NIL + "/usage?days=0", this.token), 400,
				"VALIDATION_ERROR");
	}

	@Test
	void searchMatchesWildcardsAndQuotesLiterally() {
		String tag = UUID.randomUUID().toString().substring(0, 6);
		created("under_" + tag);
		created("underx" + tag);
		assertThat(search("under_" + tag)).containsExactly("under_" + tag);
		assertThat(search("%")).isEmpty();
		assertThat(search("_nder")).isEmpty();
		assertThat(search("' or '1'='1")).isEmpty();
		assertThat(search("\\")).isEmpty();
		assertThat(search("\"; drop table accounts; --")).isEmpty();
		assertThat(search(tag)).containsExactlyInAnyOrder("under_" + tag, "underx" + tag);
	}

	List<String> search(String query) {
		HttpResponse<String> response = this.api.get("/api/v1/admin/users?size=100&q="
				+ java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8), this.token);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response).path("users").findValuesAsString("username");
	}

	@Test
	void aCreatedUserMustChangeTheOneTimePasswordBeforeAnythingElse() {
		String name = Api.uniqueName("newbie");
		JsonNode created = created(name);
		String oneTime = created.path("one_time_password").asString();
		assertThat(oneTime).hasSizeGreaterThanOrEqualTo(20);
		assertThat(created.path("user").path("temporary_credentials").asBoolean()).isTrue();
		assertThat(created.path("user").path("role").asString()).isEqualTo("USER");
		JsonNode login = Http.json(this.api.login(name, oneTime));
		String bearer = login.path("access_token").asString();
		assertThat(login.path("user").path("temporary_credentials").asBoolean()).isTrue();
		assertThat(this.api.get("/api/v1/users/me", bearer).statusCode()).isEqualTo(200);
		assertProblem(this.api.post("/api/v1/sessions", bearer, "{}"), 403, "PASSWORD_CHANGE_REQUIRED");
		assertProblem(this.api.get("/api/v1/users/me/sessions", bearer), 403, "PASSWORD_CHANGE_REQUIRED");
		assertProblem(
				this.api.post("/api/v1/users/me/api-keys", bearer,
						"{\"name\": \"k\", \"current_password\": \"" + oneTime + "\"}"),
				403, "PASSWORD_CHANGE_REQUIRED");
		assertProblem(this.api.patch("/api/v1/users/me", bearer, "{\"bio\": \"x\"}"), 403, "PASSWORD_CHANGE_REQUIRED");

		assertThat(this.api
			.post("/api/v1/auth/password/change", bearer,
					"{\"current_password\": \"" + oneTime + "\", \"new_password\": \"" + Api.PASSWORD + "\"}")
			.statusCode()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/users/me/sessions", bearer).statusCode()).isEqualTo(200);
		assertThat(Http.json(this.api.get("/api/v1/users/me", bearer)).path("temporary_credentials").asBoolean())
			.isFalse();
		assertProblem(this.api.login(name, oneTime), 401, "INVALID_CREDENTIALS");
		assertThat(this.api.login(name, Api.PASSWORD).statusCode()).isEqualTo(200);
		assertThat(adminActions()).contains("create-user " + name);
		String audit = this.jdbc.sql("select string_agg(details, ',') from audit_events").query(String.class).single();
		assertThat(audit).doesNotContain(oneTime);
	}

	@Test
	void createRefusesTakenNamesAndBadInput() {
		String name = Api.uniqueName("twice");
		created(name);
		assertProblem(
				this.api.post("/api/v1/admin/users", this.token,
						"{\"username\": \"" + name + "\", \"email\": \"other-" + name + "@example.org\"}"),
				409, "CONFLICT");
		assertProblem(
				this.api.post("/api/v1/admin/users", this.token, "{\"username\": \"x\", \"email\": \"x@example.org\"}"),
				400, "VALIDATION_ERROR");
		assertProblem(
				this.api.post("/api/v1/admin/users", this.token,
						"{\"username\": \"okname\", \"email\": \"ok@example.org\", \"role\": \"ROOT\"}"),
				400, "VALIDATION_ERROR");
		assertProblem(
				this.api.post("/api/v1/admin/users", this.token,
						"{\"username\": \"okname\", \"email\": \"ok@example.org\", \"password\": \"mine\"}"),
				400, "VALIDATION_ERROR");
	}

	@Test
	void aTotpResetLetsTheUserInWithThePasswordAloneThenEnrolAgain() {
		JsonNode user = this.api.newUser("lostphone");
		String username = user.path("user").path("username").asString();
		String bearer = user.path("access_token").asString();
		String secret = Http
			.json(this.api.post("/api/v1/auth/totp/setup", bearer, "{\"password\": \"" + Api.PASSWORD + "\"}"))
			.path("secret")
			.asString();
		assertThat(
				this.api.post("/api/v1/auth/totp/confirm", bearer, "{\"totp_code\": \"" + Totp.code(secret, 0) + "\"}")
					.statusCode())
			.isEqualTo(200);
		assertProblem(this.api.login(username, Api.PASSWORD), 401, "INVALID_CREDENTIALS");

		String id = user.path("user").path("id").asString();
		assertThat(this.api.post("/api/v1/admin/users/" + id + "/reset-totp", this.token, "{}").statusCode())
			.isEqualTo(204);
		assertThat(this.jdbc.sql("select count(*) from recovery_codes where account_id = ?")
			.param(UUID.fromString(id))
			.query(Long.class)
			.single()).isZero();
		HttpResponse<String> login = this.api.login(username, Api.PASSWORD);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		String fresh = Http.json(login).path("access_token").asString();
		assertThat(Http.json(this.api.get("/api/v1/users/me", fresh)).path("totp_enabled").asBoolean()).isFalse();
		String again = Http
			.json(this.api.post("/api/v1/auth/totp/setup", fresh, "{\"password\": \"" + Api.PASSWORD + "\"}"))
			.path("secret")
			.asString();
		assertThat(again).isNotEqualTo(secret);
		assertThat(this.api.post("/api/v1/auth/totp/confirm", fresh, "{\"totp_code\": \"" + Totp.code(again, 1) + "\"}")
			.statusCode()).isEqualTo(200);
		assertProblem(this.api.login(username, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
		assertThat(adminActions()).contains("reset-totp " + username);
		assertProblem(this.api.post("/api/v1/admin/users/" + NIL + "/reset-totp", this.token, "{}"), 404, "NOT_FOUND");
	}

	@Test
	void aDeletedUsersTokensAreRefusedAtOnceAndItsDataIsGone() {
		JsonNode user = this.api.newUser("leaving");
		String bearer = user.path("access_token").asString();
		String key = this.api.createApiKey(bearer, "script");
		String id = user.path("user").path("id").asString();
		String username = user.path("user").path("username").asString();
		assertThat(this.api.post("/api/v1/chat", bearer, "{\"message\": \"hello\"}").statusCode()).isEqualTo(200);

		assertThat(this.api.delete("/api/v1/admin/users/" + id, this.token).statusCode()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/users/me", bearer).statusCode()).isEqualTo(401);
		assertThat(this.api.get("/v1/models", key).statusCode()).isEqualTo(401);
		assertThat(this.api.refresh(user.path("refresh_token").asString()).statusCode()).isEqualTo(401);
		assertProblem(this.api.login(username, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
		for (String table : new String[] { "accounts where id", "chat_usage where account_id",
				"api_keys where account_id", "token_families where account_id" }) {
			assertThat(this.jdbc.sql("select count(*) from " + table + " = ?")
				.param(UUID.fromString(id))
				.query(Long.class)
				.single()).as(table).isZero();
		}
		assertProblem(this.api.delete("/api/v1/admin/users/" + id, this.token), 404, "NOT_FOUND");
		assertThat(adminActions()).contains("delete-user " + username);
	}

	@Test
	void theLastAdministratorCanBeNeitherDemotedNorDeletedNorDeleteItself() {
		String id = this.admin.path("user").path("id").asString();
		this.jdbc.sql("update accounts set role = 'USER' where role = 'ADMIN' and id <> ?")
			.param(UUID.fromString(id))
			.update();
		JsonNode refused = assertProblem(this.api.delete("/api/v1/admin/users/" + id, this.token), 409, "CONFLICT");
		assertThat(refused.path("detail").asString()).contains("last active administrator");
		assertProblem(this.api.post("/api/v1/admin/users/" + id + "/demote", this.token, "{}"), 409, "CONFLICT");
		assertProblem(this.api.deleteJson("/api/v1/users/me", this.token, "{\"password\": \"" + Api.PASSWORD + "\"}"),
				409, "CONFLICT");
		assertThat(this.api.get("/api/v1/admin/users/" + id, this.token).statusCode()).isEqualTo(200);

		String second = Api.uniqueName("deputy");
		JsonNode deputy = Http.json(this.api.post("/api/v1/admin/users", this.token,
				"{\"username\": \"" + second + "\", \"email\": \"" + second + "@example.org\", \"role\": \"ADMIN\"}"));
		assertThat(deputy.path("user").path("role").asString()).isEqualTo("ADMIN");
		assertThat(this.api.delete("/api/v1/admin/users/" + deputy.path("user").path("id").asString(), this.token)
			.statusCode()).isEqualTo(204);
		assertProblem(this.api.delete("/api/v1/admin/users/" + id, this.token), 409, "CONFLICT");
	}

	@Test
	void anOwnBudgetOverridesTheDefaultAndUsageShowsTheDays() {
		JsonNode user = this.api.newUser("thrifty");
		String bearer = user.path("access_token").asString();
		String id = user.path("user").path("id").asString();
		JsonNode set = Http.json(put("/api/v1/admin/users/" + id + "/limits", this.token,
				"{\"daily_token_budget\": 1, \"allowed_models\": [\"gpt-4o-mini\", \"fast\"]}"));
		assertThat(set.path("daily_token_budget").asLong()).isEqualTo(1);
		assertThat(set.path("allowed_models").get(0).asString()).isEqualTo("gpt-4o-mini");
		assertThat(this.limits.allowedModels(UUID.fromString(id))).hasValue(List.of("gpt-4o-mini", "fast"));
		assertThat(Http.json(this.api.get("/api/v1/users/me/usage", bearer)).path("daily_budget").asLong())
			.isEqualTo(1);

		assertThat(this.api.post("/api/v1/chat", bearer, "{\"message\": \"hello\"}").statusCode()).isEqualTo(200);
		assertProblem(this.api.post("/api/v1/chat", bearer, "{\"message\": \"again\"}"), 429, "RATE_LIMIT_EXCEEDED");

		JsonNode usage = Http.json(this.api.get("/api/v1/admin/users/" + id + "/usage?days=30", this.token));
		assertThat(usage.path("daily_token_budget").asLong()).isEqualTo(1);
		assertThat(usage.path("own_budget").asBoolean()).isTrue();
		assertThat(usage.path("days")).hasSize(1);
		assertThat(usage.path("days").get(0).path("day").asString())
			.isEqualTo(Instant.now().toString().substring(0, 10));
		assertThat(usage.path("days").get(0).path("requests").asLong()).isEqualTo(1);
		assertThat(usage.path("days").get(0).path("tokens").asLong()).isPositive();

		JsonNode cleared = Http.json(put("/api/v1/admin/users/" + id + "/limits", this.token, "{}"));
		assertThat(cleared.path("daily_token_budget").isNull()).isTrue();
		assertThat(cleared.path("allowed_models").isNull()).isTrue();
		assertThat(this.api.post("/api/v1/chat", bearer, "{\"message\": \"back\"}").statusCode()).isEqualTo(200);
		for (String bad : new String[] { "{\"daily_token_budget\": -1}", "{\"allowed_models\": [\"a b\"]}",
				"{\"allowed_models\": [\"'; drop\"]}", "{\"daily_token_budget\": \"lots\"}" }) {
			assertThat(put("/api/v1/admin/users/" + id + "/limits", this.token, bad).statusCode()).as(bad)
				.isEqualTo(400);
		}
		String username = user.path("user").path("username").asString();
		assertThat(adminActions()).contains("set-budget " + username, "set-allowed-models " + username);
	}

	@Test
	void theUsageSeriesAndEveryonesTotalsAddUpTheSameChats() {
		JsonNode user = this.api.newUser("tallied");
		String bearer = user.path("access_token").asString();
		String id = user.path("user").path("id").asString();
		for (String message : new String[] { "one", "two" }) {
			assertThat(this.api.post("/api/v1/chat", bearer, "{\"message\": \"" + message + "\"}").statusCode())
				.isEqualTo(200);
		}
		JsonNode mine = Http.json(this.api.get("/api/v1/users/me/usage?days=2", bearer));
		long tokens = mine.path("tokens_today").asLong();
		assertThat(mine.path("series")).hasSize(2);
		assertThat(mine.path("series").get(0).path("tokens").asLong()).isZero();
		JsonNode today = mine.path("series").get(1);
		assertThat(today.path("tokens").asLong()).isEqualTo(tokens);
		assertThat(today.path("requests").asLong()).isEqualTo(2);
		assertThat(today.path("models").get(0).path("model").asString()).isEqualTo("offline");

		JsonNode totals = Http.json(this.api.get("/api/v1/admin/usage?days=1&size=100", this.token));
		assertThat(totals.path("total_users").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(totals.path("models").findValues("model").stream().map(JsonNode::asString)).contains("offline");
		JsonNode row = null;
		for (JsonNode candidate : totals.path("users")) {
			if (candidate.path("user_id").asString().equals(id)) {
				row = candidate;
			}
		}
		assertThat(row).isNotNull();
		assertThat(row.path("tokens").asLong()).isEqualTo(tokens);
		assertThat(row.path("requests").asLong()).isEqualTo(2);
	}

}
