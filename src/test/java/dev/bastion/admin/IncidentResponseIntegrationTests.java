package dev.bastion.admin;

import java.net.http.HttpResponse;

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
 * The admin API: refused to anonymous callers and users, and each action doing what it
 * says; security events land in the hash-chained audit table, whose tampering is caught.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class IncidentResponseIntegrationTests {

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
		String name = Api.uniqueName("ops");
		this.accounts.createAdmin(name, name + "@example.org", Api.PASSWORD);
		this.admin = Http.json(this.api.login(name, Api.PASSWORD)).path("access_token").asString();
	}

	@Test
	void adminApiIs401ForAnonymousAnd403ForUsers() {
		String user = this.api.newUser("nosy").path("access_token").asString();
		for (String path : new String[] { "/api/v1/admin/users", "/api/v1/admin/security-events",
				"/api/v1/admin/bans" }) {
			assertProblem(this.api.http().get(path), 401, "AUTHENTICATION_REQUIRED");
			assertProblem(this.api.get(path, user), 403, "FORBIDDEN");
		}
		assertProblem(this.api.post("/api/v1/admin/audit/verify", user, "{}"), 403, "FORBIDDEN");
	}

	@Test
	void deactivateEndsEveryLoginAtOnceAndActivateAllowsLoginAgain() {
		JsonNode victim = this.api.newUser("compromised");
		String id = victim.path("user").path("id").asString();
		String username = victim.path("user").path("username").asString();
		JsonNode page = Http.json(this.api.get("/api/v1/admin/users?q=" + username, this.admin));
		assertThat(page.path("total").asLong()).isEqualTo(1);
		assertThat(page.path("users").get(0).path("id").asString()).isEqualTo(id);
		assertThat(this.api.post("/api/v1/admin/users/" + id + "/deactivate", this.admin, "{}").statusCode())
			.isEqualTo(204);
		assertProblem(this.api.get("/api/v1/users/me", victim.path("access_token").asString()), 401, "TOKEN_REVOKED");
		assertProblem(this.api.refresh(victim.path("refresh_token").asString()), 401, "TOKEN_REVOKED");
		assertProblem(this.api.login(username, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
		assertThat(this.api.post("/api/v1/admin/users/" + id + "/activate", this.admin, "{}").statusCode())
			.isEqualTo(204);
		assertThat(this.api.login(username, Api.PASSWORD).statusCode()).isEqualTo(200);
		assertProblem(
				this.api.post("/api/v1/admin/users/00000000-0000-0000-0000-000000000000/deactivate", this.admin, "{}"),
				404, "NOT_FOUND");
	}

	@Test
	void revokeTokensEndsLoginsAndApiKeys() {
		JsonNode user = this.api.newUser("leaky");
		String token = user.path("access_token").asString();
		String key = this.api.createApiKey(token, "script");
		assertThat(this.api
			.post("/api/v1/admin/users/" + user.path("user").path("id").asString() + "/revoke-tokens", this.admin, "{}")
			.statusCode()).isEqualTo(204);
		assertProblem(this.api.get("/api/v1/users/me", token), 401, "TOKEN_REVOKED");
		assertProblem(this.api.get("/api/v1/users/me", key), 401, "TOKEN_REVOKED");
		assertProblem(this.api.refresh(user.path("refresh_token").asString()), 401, "TOKEN_REVOKED");
	}

	/**
	 * Token times have whole seconds and a revocation refuses every token of its second;
	 * the owner logging in again at once, still in that second, gets a token that works.
	 * Each attempt starts with a second; one whose login slips into the next second (a
	 * busy machine) proves nothing and is tried again.
	 */
	@Test
	void revokeTokensThenALoginInTheSameSecondWorks() throws InterruptedException {
		JsonNode user = this.api.newUser("hasty");
		String username = user.path("user").path("username").asString();
		String revoke = "/api/v1/admin/users/" + user.path("user").path("id").asString() + "/revoke-tokens";
		boolean sameSecond = false;
		for (int attempt = 0; attempt < 5 && !sameSecond; attempt++) {
			Thread.sleep(1000 - System.currentTimeMillis() % 1000);
			long second = System.currentTimeMillis() / 1000;
			assertThat(this.api.post(revoke, this.admin, "{}").statusCode()).isEqualTo(204);
			JsonNode again = Http.json(this.api.login(username, Api.PASSWORD));
			sameSecond = System.currentTimeMillis() / 1000 == second;

			assertThat(this.api.get("/api/v1/users/me", again.path("access_token").asString()).statusCode())
				.isEqualTo(200);
		}
		assertThat(sameSecond).as("a login in the revocation's second, in five attempts").isTrue();
		assertProblem(this.api.get("/api/v1/users/me", user.path("access_token").asString()), 401, "TOKEN_REVOKED");
	}

	@Test
	void unlockLiftsALockAndRevokeJtiDeniesOneToken() throws Exception {
		JsonNode user = this.api.newUser("locked");
		String username = user.path("user").path("username").asString();
		for (int i = 0; i < 5; i++) {
			this.api.login(username, "wrong-guess-" + i);
		}
		assertProblem(this.api.login(username, Api.PASSWORD), 429, "ACCOUNT_LOCKED");
		this.api.post("/api/v1/admin/users/" + user.path("user").path("id").asString() + "/unlock", this.admin, "{}");
		JsonNode again = Http.json(this.api.login(username, Api.PASSWORD));
		String jti = com.nimbusds.jwt.SignedJWT.parse(again.path("access_token").asString())
			.getJWTClaimsSet()
			.getJWTID();
		assertThat(this.api.post("/api/v1/admin/tokens/revoke", this.admin, "{\"jti\": \"" + jti + "\"}").statusCode())
			.isEqualTo(204);
		assertProblem(this.api.get("/api/v1/users/me", again.path("access_token").asString()), 401, "TOKEN_REVOKED");
		assertThat(this.api.get("/api/v1/users/me", user.path("access_token").asString()).statusCode()).isEqualTo(200);
	}

	@Test
	void securityEventsAreAuditedWithoutSecretsAndFiltered() {
		String username = Api.uniqueName("audited");
		this.api.register(username);
		this.api.login(username, "not-the-password-1");
		this.api.http()
			.postJson("/api/v1/auth/login",
					"{\"username\": \"" + username + "\", \"password\": \"" + Api.PASSWORD + "\"}", "X-Request-ID",
					"audit-trace-0001");
		HttpResponse<String> failed = this.api.get("/api/v1/admin/security-events?type=LOGIN_FAILED&user=" + username,
				this.admin);
		JsonNode events = Http.json(failed).path("events");
		assertThat(events).hasSize(1);
		assertThat(events.get(0).path("severity").asString()).isEqualTo("WARNING");
		assertThat(events.get(0).path("ip").asString()).isEqualTo("127.0.0.1");
		assertThat(events.get(0).path("details").path("reason").asString()).isEqualTo("password");
		JsonNode succeeded = Http
			.json(this.api.get("/api/v1/admin/security-events?type=LOGIN_SUCCEEDED&user=" + username, this.admin))
			.path("events");
		assertThat(succeeded.get(0).path("request_id").asString()).isEqualTo("audit-trace-0001");
		assertThat(failed.body()).doesNotContain("not-the-password-1").doesNotContain(Api.PASSWORD);
		String all = this.jdbc.sql("select string_agg(details, ',') from audit_events").query(String.class).single();
		assertThat(all).doesNotContain("not-the-password-1").doesNotContain(Api.PASSWORD);
	}

	@Test
	void auditChainVerifiesAndAnEditedRowIsNamed() {
		this.api.newUser("chain");
		JsonNode intact = Http.json(this.api.post("/api/v1/admin/audit/verify", this.admin, "{}"));
		assertThat(intact.path("valid").asBoolean()).isTrue();
		assertThat(intact.path("checked").asLong()).isPositive();
		assertThat(intact.path("first_broken_id").isNull()).isTrue();
		long victim = this.jdbc.sql("select min(id) from audit_events where type = 'LOGIN_SUCCEEDED'")
			.query(Long.class)
			.single();
		String username = this.jdbc.sql("select username from audit_events where id = ?")
			.param(victim)
			.query(String.class)
			.single();
		this.jdbc.sql("update audit_events set username = 'someone-else' where id = ?").param(victim).update();
		try {
			JsonNode broken = Http.json(this.api.post("/api/v1/admin/audit/verify", this.admin, "{}"));
			assertThat(broken.path("valid").asBoolean()).isFalse();
			assertThat(broken.path("first_broken_id").asLong()).isEqualTo(victim);
			assertThat(broken.path("checked").asLong()).isEqualTo(victim - 1);
			assertThat(broken.path("reason").asString()).isEqualTo("row_mismatch");
		}
		finally {
			// Undone exactly, so the chain (and this context's anchors) stay intact for
			// the other tests sharing the context.
			this.jdbc.sql("update audit_events set username = ? where id = ?").params(username, victim).update();
		}
		assertThat(Http.json(this.api.post("/api/v1/admin/audit/verify", this.admin, "{}")).path("valid").asBoolean())
			.isTrue();
	}

}
