package dev.bastion.account;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An administrator creating a user by invite link ({@code POST /api/v1/admin/users} with
 * {@code "invite": true}) and the invited person registering with it, the same in every
 * {@code REGISTRATION} mode: the test classes of each mode run these against their
 * server.
 */
final class AdminInviteLinks {

	private final Api api;

	private final JdbcClient jdbc;

	private final String admin;

	AdminInviteLinks(Api api, JdbcClient jdbc, String admin) {
		this.api = api;
		this.jdbc = jdbc;
		this.admin = admin;
	}

	/** A new invite link's answer, asserted to carry no one-time password. */
	JsonNode invite(String username, String email) {
		HttpResponse<String> response = this.api.post("/api/v1/admin/users", this.admin,
				"{\"username\": \"" + username + "\", \"email\": \"" + email + "\", \"invite\": true}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		JsonNode created = Http.json(response);
		assertThat(response.headers().firstValue("Location"))
			.hasValue("/api/v1/admin/invites/" + created.path("invite_id").asString());
		assertThat(created.has("one_time_password")).isFalse();
		assertThat(created.path("email").asString()).isEqualTo(email);
		return created;
	}

	/** The code in a link's fragment: {@code #/register?invite=CODE&email=...}. */
	static String code(JsonNode created) {
		String link = created.path("link").asString();
		String query = link.substring(link.indexOf("#/register?") + "#/register?".length());
		for (String pair : query.split("&")) {
			if (pair.startsWith("invite=")) {
				return URLDecoder.decode(pair.substring("invite=".length()), StandardCharsets.UTF_8);
			}
		}
		throw new AssertionError("no invite code in " + link);
	}

	HttpResponse<String> register(String username, String email, String code) {
		return this.api.http()
			.postJson("/api/v1/auth/register", "{\"username\": \"" + username + "\", \"email\": \"" + email
					+ "\", \"password\": \"" + Api.PASSWORD + "\", \"invite_code\": \"" + code + "\"}");
	}

	static void assertRefusedInvite(HttpResponse<String> response) {
		JsonNode problem = assertProblem(response, 400, "VALIDATION_ERROR");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("invite_code");
	}

	/**
	 * The invited person registers once, for the invite's address only, is active at once
	 * and logs in; wrong, reused and expired codes are refused.
	 */
	void invitedPersonRegistersOnceActiveAtOnce() {
		String name = Api.uniqueName("invited");
		String email = name + "@example.org";
		JsonNode created = invite(name, email);
		assertThat(created.path("username").asString()).isEqualTo(name);
		assertThat(created.path("link").asString()).contains("#/register?invite=")
			.contains("&email=" + name + "%40example.org")
			.contains("&username=" + name);
		assertThat(Instant.parse(created.path("expires_at").asString())).isAfter(Instant.now().plusSeconds(6 * 86400));
		String code = code(created);

		assertRefusedInvite(register(name, email, code + "x"));
		assertRefusedInvite(register(name, "someone-else@example.org", code));
		HttpResponse<String> registered = register(name, email, code);
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		JsonNode profile = Http.json(registered);
		assertThat(profile.path("pending").asBoolean()).isFalse();
		assertThat(profile.path("active").asBoolean()).isTrue();
		assertThat(profile.path("role").asString()).isEqualTo("USER");
		assertThat(this.api.login(name, Api.PASSWORD).statusCode()).isEqualTo(200);

		assertRefusedInvite(register(Api.uniqueName("again"), email, code));
		String other = Api.uniqueName("again");
		assertRefusedInvite(register(other, other + "@example.org", code));

		String late = Api.uniqueName("late");
		JsonNode expiring = invite(late, late + "@example.org");
		this.jdbc.sql("update invites set expires_at = ? where id = ?")
			.params(Timestamp.from(Instant.now().minusSeconds(1)),
					UUID.fromString(expiring.path("invite_id").asString()))
			.update();
		assertRefusedInvite(register(late, late + "@example.org", code(expiring)));
		assertProblem(this.api.login(late, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
	}

	/**
	 * Only an administrator makes invite links; an invite always makes a USER, for an
	 * address; each is audited without its code.
	 */
	void onlyAnAdministratorInvitesAndItIsAudited() {
		String name = Api.uniqueName("member");
		String email = name + "@example.org";
		String code = code(invite(name, email));
		assertThat(register(name, email, code).statusCode()).isEqualTo(201);
		String user = Http.json(this.api.login(name, Api.PASSWORD)).path("access_token").asString();
		assertProblem(
				this.api.post("/api/v1/admin/users", user,
						"{\"username\": \"sneaky\", \"email\": \"sneaky@example.org\", \"invite\": true}"),
				403, "FORBIDDEN");
		assertProblem(
				this.api.http()
					.postJson("/api/v1/admin/users",
							"{\"username\": \"sneaky\", \"email\": \"sneaky@example.org\", \"invite\": true}"),
				401, "AUTHENTICATION_REQUIRED");
		assertField(this.api.post("/api/v1/admin/users", this.admin,
				"{\"username\": \"boss\", \"email\": \"boss@example.org\", \"role\": \"ADMIN\", \"invite\": true}"),
				"role");
		assertField(this.api.post("/api/v1/admin/users", this.admin, "{\"username\": \"nomail\", \"invite\": true}"),
				"email");
		assertField(this.api.post("/api/v1/admin/users", this.admin,
				"{\"username\": \"soon\", \"email\": \"soon@example.org\", \"invite\": true, \"expires_in\": 60}"),
				"expires_in");
		assertField(this.api.post("/api/v1/admin/users", this.admin,
				"{\"username\": \"pwd\", \"email\": \"pwd@example.org\", \"expires_in\": 600}"), "expires_in");
		JsonNode events = Http.json(this.api.get("/api/v1/admin/security-events?type=ADMIN_ACTION", this.admin))
			.path("events");
		assertThat(events.findValuesAsString("action")).contains("invite-user");
		assertThat(events.toString()).doesNotContain(code);
	}

	private static void assertField(HttpResponse<String> response, String field) {
		JsonNode problem = assertProblem(response, 400, "VALIDATION_ERROR");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
	}

}
