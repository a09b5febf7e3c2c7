package dev.bastion.admin;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.account.AccountManagement;
import dev.bastion.account.AccountDirectory;
import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Promotion and demotion through the admin API take effect at once: the access tokens
 * issued before carry the old role and are refused, a refresh gives the new one, and a
 * web session goes on with the new role. Bastion never loses its last active
 * administrator, not even to two demotions at once. (Its own context: these tests decide
 * who the administrators are.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "MAX_DEVICE_TOKENS=9")
class RoleChangeIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Autowired
	AccountDirectory stored;

	@Autowired
	JdbcClient jdbc;

	Api api;

	@BeforeEach
	void api() {
		this.api = new Api(this.port);
	}

	/** A new administrator's token response. */
	JsonNode newAdmin() {
		String name = Api.uniqueName("chief");
		this.accounts.createAdmin(name, name + "@example.org", Api.PASSWORD);
		return Http.json(this.api.login(name, Api.PASSWORD));
	}

	static String token(JsonNode login) {
		return login.path("access_token").asString();
	}

	static String id(JsonNode login) {
		return login.path("user").path("id").asString();
	}

	HttpResponse<String> act(JsonNode admin, JsonNode target, String action) {
		return this.api.post("/api/v1/admin/users/" + id(target) + "/" + action, token(admin), "{}");
	}

	/** Leaves {@code only} as the one active administrator. */
	void onlyAdmin(JsonNode only) {
		this.jdbc.sql("update accounts set role = 'USER' where role = 'ADMIN' and id <> ?")
			.param(UUID.fromString(id(only)))
			.update();
	}

	@Test
	void aPromotionRefusesTheOldTokenAndARefreshCarriesTheNewRole() throws Exception {
		JsonNode admin = newAdmin();
		JsonNode user = this.api.newUser("rising");
		assertProblem(this.api.get("/api/v1/admin/users", token(user)), 403, "FORBIDDEN");
		assertThat(act(admin, user, "promote").statusCode()).isEqualTo(204);
		assertProblem(this.api.get("/api/v1/users/me", token(user)), 401, "TOKEN_REVOKED");
		JsonNode refreshed = Http.json(this.api.refresh(user.path("refresh_token").asString()));
		assertThat(SignedJWT.parse(token(refreshed)).getJWTClaimsSet().getStringListClaim("roles"))
			.containsExactly("ADMIN");
		assertThat(this.api.get("/api/v1/admin/users", token(refreshed)).statusCode()).isEqualTo(200);
		assertThat(refreshed.path("user").path("role").asString()).isEqualTo("ADMIN");
	}

	@Test
	void aDemotedAdministratorKeepsNoAdminTokenAndItsWebSessionGoesOnAsAUser() {
		JsonNode admin = newAdmin();
		JsonNode other = newAdmin();
		String[] session = webLogin(other.path("user").path("username").asString());
		assertThat(webCall("/api/v1/admin/users", session).statusCode()).isEqualTo(200);

		assertThat(act(admin, other, "demote").statusCode()).isEqualTo(204);
		assertProblem(this.api.get("/api/v1/admin/users", token(other)), 401, "TOKEN_REVOKED");
		JsonNode refreshed = Http.json(this.api.refresh(other.path("refresh_token").asString()));
		assertProblem(this.api.get("/api/v1/admin/users", token(refreshed)), 403, "FORBIDDEN");
		assertProblem(webCall("/api/v1/admin/users", session), 403, "FORBIDDEN");
		HttpResponse<String> me = webCall("/api/v1/users/me", session);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(Http.json(me).path("role").asString()).isEqualTo("USER");

		JsonNode actions = Http
			.json(this.api.get("/api/v1/admin/security-events?type=ADMIN_ACTION&user=" + id(admin), token(admin)))
			.path("events");
		assertThat(actions.findValues("details"))
			.anySatisfy((details) -> assertThat(details.path("action").asString()).isEqualTo("demote"));
		assertProblem(act(refreshed, admin, "demote"), 403, "FORBIDDEN");
	}

	@Test
	void theLastActiveAdministratorCannotBeDemotedOrDeactivated() {
		JsonNode admin = newAdmin();
		onlyAdmin(admin);
		assertProblem(act(admin, admin, "demote"), 409, "CONFLICT");
		assertProblem(act(admin, admin, "deactivate"), 409, "CONFLICT");
		assertThat(this.api.get("/api/v1/admin/users", token(admin)).statusCode()).isEqualTo(200);

		JsonNode second = newAdmin();
		assertThat(act(admin, admin, "demote").statusCode()).isEqualTo(204);
		assertProblem(act(second, second, "deactivate"), 409, "CONFLICT");
		assertThat(this.stored.activeAdmins()).isEqualTo(1);
	}

	@Test
	void twoAdministratorsDemotingEachOtherAtOnceLeaveOne() throws Exception {
		JsonNode first = newAdmin();
		JsonNode second = newAdmin();
		onlyAdmin(first);
		this.jdbc.sql("update accounts set role = 'ADMIN' where id = ?").param(UUID.fromString(id(second))).update();
		List<Callable<HttpResponse<String>>> both = List.of(() -> act(first, second, "demote"),
				() -> act(second, first, "demote"));
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			List<Integer> statuses = pool.invokeAll(both).stream().map(RoleChangeIntegrationTests::status).toList();
			assertThat(statuses).containsOnlyOnce(204);
		}
		assertThat(this.stored.activeAdmins()).isEqualTo(1);
	}

	/** Logs in as the web UI does; returns {session cookie, CSRF token}. */
	String[] webLogin(String username) {
		Http http = this.api.http();
		String csrf = cookie(http.get("/"), "XSRF-TOKEN");
		HttpResponse<String> login = http.send("POST", "/web/session",
				BodyPublishers.ofString("{\"username\": \"" + username + "\", \"password\": \"" + Api.PASSWORD + "\"}"),
				"Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		return new String[] { cookie(login, "bastion-session"), csrf };
	}

	HttpResponse<String> webCall(String path, String[] session) {
		return this.api.http()
			.get(path, "Cookie", "bastion-session=" + session[0] + "; XSRF-TOKEN=" + session[1], "X-XSRF-TOKEN",
					session[1]);
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

	static int status(Future<HttpResponse<String>> response) {
		try {
			return response.get().statusCode();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
