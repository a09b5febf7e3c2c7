package dev.bastion.auth;

import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.account.AccountManagement;
import dev.bastion.auth.token.AccessTokens;
import dev.bastion.auth.token.SigningKeys;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Totp;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §3 through the real server, from the user's and the attacker's side. Run on H2 and
 * on PostgreSQL by the two subclasses.
 */
abstract class AccountsAndTokensContract {

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accountManagement;

	@Autowired
	SigningKeys signingKeys;

	@Autowired
	JdbcClient jdbc;

	Api api() {
		return new Api(this.port);
	}

	// --- registration and profile ---------------------------------------------------

	@Test
	void registerThen201WithTheUserAndNoHash() {
		String username = Api.uniqueName("Ann.Example");
		HttpResponse<String> response = api().http()
			.postJson("/api/v1/auth/register", "{\"username\": \"" + username + "\", \"email\": \" " + username
					+ "@Example.ORG\", \"password\": \"" + Api.PASSWORD + "\"}");
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/users/me");
		JsonNode user = Http.json(response);
		assertThat(user.path("username").asString()).isEqualTo(username.toLowerCase());
		assertThat(user.path("email").asString()).isEqualTo(username.toLowerCase() + "@example.org");
		assertThat(user.path("role").asString()).isEqualTo("USER");
		assertThat(response.body()).doesNotContain("argon2").doesNotContain("password").doesNotContain("$");
	}

	@Test
	void registerWithTakenUsernameOrEmailThen409() {
		String username = Api.uniqueName("taken");
		api().register(username);
		assertProblem(api().http()
			.postJson("/api/v1/auth/register", "{\"username\": \"" + username.toUpperCase() + "\", \"email\": \"other-"
					+ username + "@example.org\", \"password\": \"" + Api.PASSWORD + "\"}"),
				409, "CONFLICT");
		assertProblem(api().http()
			.postJson("/api/v1/auth/register", "{\"username\": \"other-" + username + "\", \"email\": \"" + username
					+ "@EXAMPLE.org\", \"password\": \"" + Api.PASSWORD + "\"}"),
				409, "CONFLICT");
	}

	@Test
	void simultaneousIdenticalRegistrationsThenOne201AndOne409() throws Exception {
		String username = Api.uniqueName("race");
		String body = "{\"username\": \"" + username + "\", \"email\": \"" + username
				+ "@example.org\", \"password\": \"" + Api.PASSWORD + "\"}";
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
			List<Callable<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				calls.add(() -> api().http().postJson("/api/v1/auth/register", body).statusCode());
			}
			for (Future<Integer> status : pool.invokeAll(calls)) {
				statuses.add(status.get());
			}
		}
		// On a loaded machine the hashing lane may be full: 503 SERVICE_BUSY creates
		// nothing either. Exactly one account, never a second 201 or a 500.
		assertThat(statuses).containsOnlyOnce(201).isSubsetOf(201, 409, 503);
	}

	@Test
	void hostileUsernamesThen400WithoutEcho() {
		for (String hostile : List.of("admin'--", "x; DROP TABLE accounts", "<script>alert(1)</script>", "zq",
				"a".repeat(51), "名前です", "user name", "123e4567-e89b-12d3-a456-426614174000", "1-2-3-4-5")) {
			HttpResponse<String> response = api().http()
				.postJson("/api/v1/auth/register", "{\"username\": \"" + hostile.replace("\"", "\\\"")
						+ "\", \"email\": \"h@example.org\", \"password\": \"" + Api.PASSWORD + "\"}");
			JsonNode problem = assertProblem(response, 400, "VALIDATION_ERROR");
			assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("username");
			assertThat(response.body()).doesNotContain(hostile);
		}
	}

	@Test
	void invalidEmailThen400() {
		for (String email : List.of("no-at-sign", "a@b", "a b@example.org", "x@" + "d".repeat(250) + ".org")) {
			JsonNode problem = assertProblem(
					api().http()
						.postJson("/api/v1/auth/register", "{\"username\": \"" + Api.uniqueName("mail")
								+ "\", \"email\": \"" + email + "\", \"password\": \"" + Api.PASSWORD + "\"}"),
					400, "VALIDATION_ERROR");
			assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("email");
		}
	}

	@Test
	void weakPasswordsThen400NamingTheRuleNeverThePassword() {
		String username = Api.uniqueName("weak");
		assertPasswordRefused(username, "short1!", "at least 8 characters");
		assertPasswordRefused(username, "p".repeat(60) + "Q7!".repeat(30), "at most 128 characters");
		assertPasswordRefused(username, "password123", "commonly used or breached");
		assertPasswordRefused(username, "iloveyou", "commonly used or breached");
		assertPasswordRefused(username, username + "-Tundra-71", "must not contain the username");
		assertPasswordRefused(username, "aaaaaaaaaaaa", "commonly used or breached");
		assertPasswordRefused(username, "bbbbbbbbbbbbbbbbbbb", "too easy to guess");
		assertPasswordRefused(username, "abcdefgh12345678", "too easy to guess");
	}

	private void assertPasswordRefused(String username, String password, String rule) {
		HttpResponse<String> response = api().http()
			.postJson("/api/v1/auth/register", "{\"username\": \"" + username + "\", \"email\": \"" + username
					+ "@example.org\", \"password\": \"" + password + "\"}");
		JsonNode problem = assertProblem(response, 400, "VALIDATION_ERROR");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("password");
		assertThat(problem.path("errors").get(0).path("message").asString()).contains(rule);
		assertThat(response.body()).doesNotContain(password);
	}

	@Test
	void profileCanBeReadAndChangedAndScriptInBioStaysInertText() {
		JsonNode tokens = api().newUser("profile");
		String token = tokens.path("access_token").asString();
		HttpResponse<String> updated = api().patch("/api/v1/users/me", token,
				"{\"display_name\": \"Ann\", \"bio\": \"<script>alert('x')</script>\"}");
		assertThat(updated.statusCode()).isEqualTo(200);
		assertThat(updated.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(updated.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(Http.json(updated).path("bio").asString()).isEqualTo("<script>alert('x')</script>");
		JsonNode me = Http.json(api().get("/api/v1/users/me", token));
		assertThat(me.path("display_name").asString()).isEqualTo("Ann");
		assertProblem(api().patch("/api/v1/users/me", token, "{\"bio\": \"" + "b".repeat(501) + "\"}"), 400,
				"VALIDATION_ERROR");
		assertProblem(api().patch("/api/v1/users/me", token, "{\"role\": \"ADMIN\"}"), 400, "VALIDATION_ERROR");
	}

	@Test
	void changingTheEmailAddressNeedsTheCurrentPassword() {
		JsonNode tokens = api().newUser("newmail");
		String token = tokens.path("access_token").asString();
		String address = Api.uniqueName("moved") + "@example.org";
		JsonNode problem = assertProblem(api().patch("/api/v1/users/me", token, "{\"email\": \"" + address + "\"}"),
				400, "VALIDATION_ERROR");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("current_password");
		HttpResponse<String> changed = api().patch("/api/v1/users/me", token,
				"{\"email\": \"" + address + "\", \"current_password\": \"" + Api.PASSWORD + "\"}");
		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(Http.json(changed).path("email").asString()).isEqualTo(address);
	}

	@Test
	void exportHoldsTheUsersDataWithoutSecrets() {
		JsonNode tokens = api().newUser("export");
		String token = tokens.path("access_token").asString();
		api().createApiKey(token, "laptop");
		HttpResponse<String> export = api().get("/api/v1/users/me/export", token);
		assertThat(export.statusCode()).isEqualTo(200);
		assertThat(export.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
		JsonNode body = Http.json(export);
		assertThat(body.path("account").path("username").asString())
			.isEqualTo(tokens.path("user").path("username").asString());
		assertThat(body.path("security").path("api_keys").get(0).path("name").asString()).isEqualTo("laptop");
		assertThat(export.body()).doesNotContain("hash").doesNotContain("argon2").doesNotContain(token);
	}

	@Test
	void deleteNeedsThePasswordAndErasesEverything() {
		JsonNode tokens = api().newUser("erase");
		String token = tokens.path("access_token").asString();
		String username = tokens.path("user").path("username").asString();
		assertProblem(api().deleteJson("/api/v1/users/me", token, "{\"password\": \"not-my-password-x\"}"), 400,
				"VALIDATION_ERROR");
		assertThat(api().deleteJson("/api/v1/users/me", token, "{\"password\": \"" + Api.PASSWORD + "\"}").statusCode())
			.isEqualTo(204);
		assertProblem(api().get("/api/v1/users/me", token), 401, "TOKEN_REVOKED");
		assertProblem(api().login(username, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
		assertThat(this.jdbc
			.sql("select count(*) from token_families f where not exists "
					+ "(select 1 from accounts a where a.id = f.account_id)")
			.query(Long.class)
			.single()).isZero();
	}

	// --- login ------------------------------------------------------------------------

	@Test
	void loginByUsernameOrEmailReturnsTheTokenPair() {
		String username = Api.uniqueName("login");
		api().register(username);
		for (String login : List.of(username, username.toUpperCase() + "@EXAMPLE.ORG")) {
			HttpResponse<String> response = api().login(login, Api.PASSWORD);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode tokens = Http.json(response);
			assertThat(tokens.path("token_type").asString()).isEqualTo("Bearer");
			assertThat(tokens.path("expires_in").asLong()).isEqualTo(3600);
			assertThat(tokens.path("refresh_expires_in").asLong()).isBetween(Duration.ofDays(30).toSeconds() - 5,
					Duration.ofDays(30).toSeconds());
			assertThat(tokens.path("user").path("username").asString()).isEqualTo(username);
			assertThat(tokens.path("access_token").asString()).isNotEqualTo(tokens.path("refresh_token").asString());
			assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		}
	}

	@Test
	void loginWithAMissingOrEmptyFieldThen400NamingItAndNothingCounted() {
		String username = Api.uniqueName("blank");
		api().register(username);
		for (int i = 0; i < 3; i++) {
			for (String body : List.of("{\"username\": \"" + username + "\"}",
					"{\"username\": \"" + username + "\", \"password\": \"\"}",
					"{\"username\": \"" + username + "\", \"password\": null}")) {
				assertRefusedOn(api().http().postJson("/api/v1/auth/login", body), "password");
			}
			for (String body : List.of("{\"password\": \"" + Api.PASSWORD + "\"}",
					"{\"username\": \"\", \"password\": \"" + Api.PASSWORD + "\"}")) {
				assertRefusedOn(api().http().postJson("/api/v1/auth/login", body), "username");
			}
		}
		assertThat(api().login(username, Api.PASSWORD).statusCode()).as("fifteen refusals, no lock").isEqualTo(200);
		assertThat(this.jdbc.sql("select count(*) from audit_events where type = 'LOGIN_FAILED' and username = ?")
			.param(username)
			.query(Long.class)
			.single()).as("no failed login recorded").isZero();
	}

	private static void assertRefusedOn(HttpResponse<String> response, String field) {
		JsonNode problem = assertProblem(response, 400, "VALIDATION_ERROR");
		assertThat(problem.path("errors")).hasSize(1);
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
	}

	@Test
	void wrongPasswordUnknownUserAndDeactivatedUserGetTheSameAnswer() {
		JsonNode tokens = api().newUser("same");
		String username = tokens.path("user").path("username").asString();
		JsonNode wrong = assertProblem(api().login(username, "not-the-password-77"), 401, "INVALID_CREDENTIALS");
		JsonNode unknown = assertProblem(api().login(Api.uniqueName("nobody"), Api.PASSWORD), 401,
				"INVALID_CREDENTIALS");
		this.jdbc.sql("update accounts set active = false where username = ?").param(username).update();
		JsonNode deactivated = assertProblem(api().login(username, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
		assertThat(wrong.path("detail")).isEqualTo(unknown.path("detail")).isEqualTo(deactivated.path("detail"));
	}

	@Test
	void loginUpgradesAHashMadeWithOldParameters() {
		String username = Api.uniqueName("legacy");
		api().register(username);
		String legacy = "{bcrypt}"
				+ new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode(Api.PASSWORD);
		this.jdbc.sql("update accounts set password_hash = ? where username = ?").params(legacy, username).update();
		assertThat(api().login(username, Api.PASSWORD).statusCode()).isEqualTo(200);
		assertThat(this.jdbc.sql("select password_hash from accounts where username = ?")
			.param(username)
			.query(String.class)
			.single()).startsWith("{argon2id}$argon2id$v=19$m=19456,t=2,p=1$");
		assertThat(api().login(username, Api.PASSWORD).statusCode()).isEqualTo(200);
	}

	// --- tokens from the attacker's side
	// -------------------------------------------------

	@Test
	void garbageTamperedAndAlgNoneTokensThen401InvalidToken() {
		JsonNode tokens = api().newUser("forge");
		String token = tokens.path("access_token").asString();
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
		String elevated = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(payload.replace("\"USER\"", "\"ADMIN\"").getBytes());
		String noneHeader = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes());
		String hsHeader = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}".getBytes());
		for (String forged : List.of("not-a-token", parts[0] + "." + elevated + "." + parts[2],
				noneHeader + "." + parts[1] + ".", hsHeader + "." + parts[1] + "." + parts[2], token + "x")) {
			assertProblem(api().get("/api/v1/users/me", forged), 401, "INVALID_TOKEN");
		}
	}

	@Test
	void tokensSignedWithAnotherKeyOrKidThen401InvalidToken() throws Exception {
		JsonNode tokens = api().newUser("otherkey");
		SignedJWT real = SignedJWT.parse(tokens.path("access_token").asString());
		for (String kid : List.of(this.signingKeys.activeKid(), "es-unknown-kid")) {
			assertProblem(api().get("/api/v1/users/me", resign(real.getJWTClaimsSet(), kid, newKey())), 401,
					"INVALID_TOKEN");
		}
	}

	@Test
	void expiredTokenThen401TokenExpired() {
		JsonNode tokens = api().newUser("expired");
		SignedClaims claims = SignedClaims.of(tokens.path("access_token").asString());
		AccessTokens past = new AccessTokens(this.signingKeys, Duration.ofMinutes(5),
				Clock.fixed(Instant.now().minus(Duration.ofHours(2)), Clock.systemUTC().getZone()));
		String expired = past.issue(claims.subject(), "x", "USER", claims.sessionId(), Instant.EPOCH).value().reveal();
		assertProblem(api().get("/api/v1/users/me", expired), 401, "TOKEN_EXPIRED");
	}

	@Test
	void refreshTokenAsAccessTokenAndAccessTokenAsRefreshTokenThen401() {
		JsonNode tokens = api().newUser("swap");
		assertProblem(api().get("/api/v1/users/me", tokens.path("refresh_token").asString()), 401, "INVALID_TOKEN");
		assertProblem(api().refresh(tokens.path("access_token").asString()), 401, "INVALID_TOKEN");
	}

	@Test
	void refreshRotatesAndTheOldRefreshTokenDies() {
		JsonNode first = api().newUser("rotate");
		HttpResponse<String> refreshed = api().refresh(first.path("refresh_token").asString());
		assertThat(refreshed.statusCode()).isEqualTo(200);
		JsonNode second = Http.json(refreshed);
		assertThat(second.path("refresh_token").asString()).isNotEqualTo(first.path("refresh_token").asString());
		assertThat(first.path("device_token").asString()).isNotBlank();
		assertThat(second.has("device_token")).as("only a full login issues a device token").isFalse();
		assertThat(second.path("refresh_expires_in").asLong())
			.isLessThanOrEqualTo(first.path("refresh_expires_in").asLong());
		assertThat(api().get("/api/v1/users/me", second.path("access_token").asString()).statusCode()).isEqualTo(200);
	}

	@Test
	void refreshWhenReusedThenFamilyRevokedAndTheNewestTokensFailToo() {
		JsonNode first = api().newUser("reuse");
		JsonNode second = Http.json(api().refresh(first.path("refresh_token").asString()));
		assertProblem(api().refresh(first.path("refresh_token").asString()), 401, "TOKEN_REVOKED");
		assertProblem(api().refresh(second.path("refresh_token").asString()), 401, "TOKEN_REVOKED");
		assertProblem(api().get("/api/v1/users/me", second.path("access_token").asString()), 401, "TOKEN_REVOKED");
		assertProblem(api().get("/api/v1/users/me", first.path("access_token").asString()), 401, "TOKEN_REVOKED");
	}

	@Test
	void logoutThenReuseOfBothTokensThen401TokenRevoked() {
		JsonNode tokens = api().newUser("logout");
		String access = tokens.path("access_token").asString();
		assertThat(api()
			.post("/api/v1/auth/logout", access,
					"{\"refresh_token\": \"" + tokens.path("refresh_token").asString() + "\"}")
			.statusCode()).isEqualTo(204);
		assertProblem(api().get("/api/v1/users/me", access), 401, "TOKEN_REVOKED");
		assertProblem(api().refresh(tokens.path("refresh_token").asString()), 401, "TOKEN_REVOKED");
	}

	@Test
	void signingKeyRotationKeepsOldTokensValidAndSignsNewOnesWithTheNewKid() throws Exception {
		String admin = Api.uniqueName("admin");
		this.accountManagement.createAdmin(admin, admin + "@example.org", Api.PASSWORD);
		String adminToken = Http.json(api().login(admin, Api.PASSWORD)).path("access_token").asString();
		JsonNode user = api().newUser("rotation");
		String oldKid = SignedJWT.parse(user.path("access_token").asString()).getHeader().getKeyID();
		assertProblem(api().post("/api/v1/admin/signing-keys/rotate", user.path("access_token").asString(), "{}"), 403,
				"FORBIDDEN");
		HttpResponse<String> rotated = api().post("/api/v1/admin/signing-keys/rotate", adminToken, "{}");
		assertThat(rotated.statusCode()).isEqualTo(200);
		String newKid = Http.json(rotated).path("kid").asString();
		assertThat(newKid).isNotEqualTo(oldKid);
		assertThat(api().get("/api/v1/users/me", user.path("access_token").asString()).statusCode()).isEqualTo(200);
		JsonNode fresh = Http.json(api().refresh(user.path("refresh_token").asString()));
		assertThat(SignedJWT.parse(fresh.path("access_token").asString()).getHeader().getKeyID()).isEqualTo(newKid);
		assertThat(SignedJWT.parse(fresh.path("access_token").asString()).getHeader().getAlgorithm())
			.isEqualTo(JWSAlgorithm.ES256);
	}

	// --- password change
	// ---------------------------------------------------------------------

	@Test
	void passwordChangeRevokesOtherSessionsAndRefusesTheLastFive() {
		JsonNode here = api().newUser("change");
		String username = here.path("user").path("username").asString();
		JsonNode elsewhere = Http.json(api().login(username, Api.PASSWORD));
		String token = here.path("access_token").asString();
		assertProblem(api().post("/api/v1/auth/password/change", token,
				"{\"current_password\": \"wrong-one-entirely\", \"new_password\": \"cobalt-meadow-quiver-58\"}"), 400,
				"VALIDATION_ERROR");
		List<String> passwords = List.of("cobalt-meadow-quiver-58", "saffron-glacier-ember-19",
				"lantern-orchid-basalt-46", "juniper-falcon-pewter-27");
		String current = Api.PASSWORD;
		for (String next : passwords) {
			assertThat(api()
				.post("/api/v1/auth/password/change", token,
						"{\"current_password\": \"" + current + "\", \"new_password\": \"" + next + "\"}")
				.statusCode()).isEqualTo(204);
			current = next;
		}
		JsonNode reused = assertProblem(
				api().post("/api/v1/auth/password/change", token,
						"{\"current_password\": \"" + current + "\", \"new_password\": \"" + Api.PASSWORD + "\"}"),
				400, "VALIDATION_ERROR");
		assertThat(reused.path("errors").get(0).path("message").asString()).contains("last 5 passwords");
		assertThat(api().get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
		assertProblem(api().get("/api/v1/users/me", elsewhere.path("access_token").asString()), 401, "TOKEN_REVOKED");
		assertProblem(api().refresh(elsewhere.path("refresh_token").asString()), 401, "TOKEN_REVOKED");
		assertThat(api().login(username, current).statusCode()).isEqualTo(200);
	}

	// --- sessions and API keys
	// -------------------------------------------------------------

	@Test
	void sessionsAreListedAndRevocableOneByOneButOnlyYourOwn() {
		JsonNode first = api().newUser("sessions");
		String username = first.path("user").path("username").asString();
		JsonNode second = Http.json(api().login(username, Api.PASSWORD));
		String token = first.path("access_token").asString();
		JsonNode sessions = Http.json(api().get("/api/v1/users/me/sessions", token)).path("sessions");
		assertThat(sessions).hasSize(2);
		String other = null;
		for (JsonNode session : sessions) {
			assertThat(session.path("ip").asString()).isEqualTo("127.0.0.1");
			if (!session.path("current").asBoolean()) {
				other = session.path("id").asString();
			}
		}
		JsonNode intruder = api().newUser("intruder");
		assertProblem(api().delete("/api/v1/users/me/sessions/" + other, intruder.path("access_token").asString()), 404,
				"NOT_FOUND");
		assertThat(api().delete("/api/v1/users/me/sessions/" + other, token).statusCode()).isEqualTo(204);
		assertProblem(api().get("/api/v1/users/me", second.path("access_token").asString()), 401, "TOKEN_REVOKED");
		assertThat(api().get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
	}

	@Test
	void apiKeyIsShownOnceWorksAsBearerAndDiesWhenRevoked() {
		JsonNode user = api().newUser("keys");
		String token = user.path("access_token").asString();
		HttpResponse<String> created = api().post("/api/v1/users/me/api-keys", token,
				"{\"name\": \"ci bot\", \"current_password\": \"" + Api.PASSWORD + "\"}");
		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode key = Http.json(created);
		String secret = key.path("key").asString();
		assertThat(secret).startsWith(key.path("prefix").asString() + "_").startsWith("bst_");
		HttpResponse<String> listed = api().get("/api/v1/users/me/api-keys", token);
		assertThat(listed.body()).doesNotContain(secret.substring(key.path("prefix").asString().length() + 1));
		assertThat(Http.json(listed).path("api_keys").get(0).path("name").asString()).isEqualTo("ci bot");
		assertThat(Http.json(api().get("/api/v1/users/me", secret)).path("username").asString())
			.isEqualTo(user.path("user").path("username").asString());
		assertThat(Http.json(api().get("/api/v1/users/me/api-keys", token))
			.path("api_keys")
			.get(0)
			.path("last_used_at")
			.isNull()).isFalse();
		JsonNode intruder = api().newUser("keythief");
		String id = key.path("id").asString();
		assertProblem(api().delete("/api/v1/users/me/api-keys/" + id, intruder.path("access_token").asString()), 404,
				"NOT_FOUND");
		assertThat(api().delete("/api/v1/users/me/api-keys/" + id, token).statusCode()).isEqualTo(204);
		assertProblem(api().get("/api/v1/users/me", secret), 401, "TOKEN_REVOKED");
		assertProblem(api().get("/api/v1/users/me", "bst_made_up_key_0123456789"), 401, "INVALID_TOKEN");
	}

	@Test
	void expiredApiKeyThen401TokenExpired() {
		String token = api().newUser("keyexp").path("access_token").asString();
		JsonNode key = Http
			.json(api().post("/api/v1/users/me/api-keys", token, "{\"name\": \"short-lived\", \"expires_at\": \""
					+ Instant.now().plusSeconds(3600) + "\", \"current_password\": \"" + Api.PASSWORD + "\"}"));
		assertProblem(
				api()
					.post("/api/v1/users/me/api-keys", token,
							"{\"name\": \"past\", \"expires_at\": "
									+ "\"2020-01-01T00:00:00Z\", \"current_password\": \"" + Api.PASSWORD + "\"}"),
				400, "VALIDATION_ERROR");
		this.jdbc.sql("update api_keys set expires_at = ? where id = ?")
			.params(java.sql.Timestamp.from(Instant.now().minusSeconds(1)), UUID.fromString(key.path("id").asString()))
			.update();
		assertProblem(api().get("/api/v1/users/me", key.path("key").asString()), 401, "TOKEN_EXPIRED");
	}

	// --- lockout
	// ----------------------------------------------------------------------------

	@Test
	void fiveFailuresThenLockedEvenWithTheRightPasswordExceptFromAKnownDevice() {
		JsonNode before = api().newUser("victim");
		String username = before.path("user").path("username").asString();
		String device = before.path("device_token").asString();
		for (int i = 0; i < 5; i++) {
			assertProblem(api().login(username, "attacker-guess-" + i), 401, "INVALID_CREDENTIALS");
		}
		HttpResponse<String> locked = api().login(username, Api.PASSWORD);
		JsonNode problem = assertProblem(locked, 429, "ACCOUNT_LOCKED");
		long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1700L, 1800L);
		assertThat(problem.path("retry_after").asLong()).isEqualTo(retryAfter);
		assertThat(api().login(username, Api.PASSWORD, "device_token", device).statusCode()).isEqualTo(200);
		assertProblem(api().login(username, Api.PASSWORD, "device_token", device + "x"), 429, "ACCOUNT_LOCKED");
	}

	@Test
	void aKnownDevicesOwnFailuresStillLockIt() {
		JsonNode before = api().newUser("device");
		String username = before.path("user").path("username").asString();
		String device = before.path("device_token").asString();
		for (int i = 0; i < 5; i++) {
			assertProblem(api().login(username, "typo-" + i, "device_token", device), 401, "INVALID_CREDENTIALS");
		}
		assertProblem(api().login(username, Api.PASSWORD, "device_token", device), 429, "ACCOUNT_LOCKED");
		assertThat(api().login(username, Api.PASSWORD).statusCode()).isEqualTo(200);
	}

	@Test
	void unknownUsernamesLockExactlyLikeRealOnes() {
		String ghost = Api.uniqueName("ghost");
		for (int i = 0; i < 5; i++) {
			assertProblem(api().login(ghost, "guess-" + i), 401, "INVALID_CREDENTIALS");
		}
		HttpResponse<String> locked = api().login(ghost, "guess-6");
		assertProblem(locked, 429, "ACCOUNT_LOCKED");
		assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1700L, 1800L);
	}

	// --- TOTP
	// -------------------------------------------------------------------------------

	@Test
	void totpSetupConfirmLoginWithCodeOnceAndRecoveryCodeOnce() {
		JsonNode user = api().newUser("totp");
		String username = user.path("user").path("username").asString();
		String token = user.path("access_token").asString();
		assertProblem(api().post("/api/v1/auth/totp/setup", token, "{\"password\": \"wrong-password-here\"}"), 400,
				"VALIDATION_ERROR");
		JsonNode setup = Http
			.json(api().post("/api/v1/auth/totp/setup", token, "{\"password\": \"" + Api.PASSWORD + "\"}"));
		String secret = setup.path("secret").asString();
		assertThat(setup.path("otpauth_uri").asString()).startsWith("otpauth://totp/").contains("secret=" + secret);
		assertThat(api().login(username, Api.PASSWORD).statusCode()).as("not active before confirmation")
			.isEqualTo(200);
		assertProblem(api().post("/api/v1/auth/totp/confirm", token, "{\"totp_code\": \"000000\"}"), 400,
				"VALIDATION_ERROR");
		JsonNode confirmed = Http
			.json(api().post("/api/v1/auth/totp/confirm", token, "{\"totp_code\": \"" + Totp.code(secret, -1) + "\"}"));
		List<String> recovery = new ArrayList<>();
		confirmed.path("recovery_codes").forEach((code) -> recovery.add(code.asString()));
		assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
		JsonNode required = assertProblem(api().login(username, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
		assertThat(required.path("totp_required").asBoolean()).isTrue();
		String code = Totp.code(secret, 0);
		assertThat(api().login(username, Api.PASSWORD, "totp_code", code).statusCode()).isEqualTo(200);
		assertProblem(api().login(username, Api.PASSWORD, "totp_code", code), 401, "INVALID_CREDENTIALS");
		assertThat(api().login(username, Api.PASSWORD, "totp_code", recovery.get(0)).statusCode()).isEqualTo(200);
		assertProblem(api().login(username, Api.PASSWORD, "totp_code", recovery.get(0)), 401, "INVALID_CREDENTIALS");
		assertProblem(api().login(username, "wrong-password-here", "totp_code", recovery.get(1)), 401,
				"INVALID_CREDENTIALS");
		assertThat(api()
			.post("/api/v1/auth/totp/disable", token,
					"{\"password\": \"" + Api.PASSWORD + "\", \"totp_code\": \"" + recovery.get(1) + "\"}")
			.statusCode()).isEqualTo(204);
		assertThat(api().login(username, Api.PASSWORD).statusCode()).isEqualTo(200);
	}

	/**
	 * The QR code of a setup carries its secret: only the setup's answer can draw it. A
	 * stolen token or session of the same account (another login) cannot fetch it and
	 * confirm first; a new setup ends the earlier setup's link.
	 */
	@Test
	void totpQrCodeOnlyForTheSetupsOwnLink() {
		JsonNode session = api().newUser("qrowner");
		String owner = session.path("access_token").asString();
		String thief = Http.json(api().login(session.path("user").path("username").asString(), Api.PASSWORD))
			.path("access_token")
			.asString();
		JsonNode setup = Http
			.json(api().post("/api/v1/auth/totp/setup", owner, "{\"password\": \"" + Api.PASSWORD + "\"}"));
		String link = setup.path("qr_code_url").asString();
		assertThat(link).startsWith("/api/v1/auth/totp/qr-code?ticket=");

		assertProblem(api().get("/api/v1/auth/totp/qr-code", thief), 404, "NOT_FOUND");
		assertProblem(api().get("/api/v1/auth/totp/qr-code?ticket=" + "0".repeat(64), thief), 404, "NOT_FOUND");
		HttpResponse<String> drawn = api().get(link, owner);
		assertThat(drawn.statusCode()).isEqualTo(200);
		assertThat(drawn.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("image/svg+xml"));
		Http.json(api().post("/api/v1/auth/totp/setup", owner, "{\"password\": \"" + Api.PASSWORD + "\"}"));
		assertProblem(api().get(link, owner), 404, "NOT_FOUND");
	}

	/**
	 * Someone holding a stolen token and the password guesses the code that turns TOTP
	 * off: each wrong code counts towards the account's lock, as at login, instead of an
	 * endless {@code 400}.
	 */
	@Test
	void wrongCodesBehindTheRightPasswordThenTheAccountLocks() {
		JsonNode session = api().newUser("codeguess");
		String token = session.path("access_token").asString();
		String username = session.path("user").path("username").asString();
		String secret = api().enableTotp(token);
		String wrong = Totp.code(secret, 0).equals("000000") ? "111111" : "000000";
		for (int guess = 0; guess < 5; guess++) {
			assertProblem(
					api().post("/api/v1/auth/totp/disable", token,
							"{\"password\": \"" + Api.PASSWORD + "\", \"totp_code\": \"" + wrong + "\"}"),
					400, "VALIDATION_ERROR");
		}

		assertProblem(
				api().post("/api/v1/auth/totp/disable", token,
						"{\"password\": \"" + Api.PASSWORD + "\", \"totp_code\": \"" + Totp.code(secret, 0) + "\"}"),
				429, "ACCOUNT_LOCKED");
		assertProblem(api().login(username, Api.PASSWORD, "totp_code", Totp.code(secret, 0)), 429, "ACCOUNT_LOCKED");
	}

	// --- helpers
	// ---------------------------------------------------------------------------

	private static ECPrivateKey newKey() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return (ECPrivateKey) generator.generateKeyPair().getPrivate();
	}

	private static String resign(JWTClaimsSet claims, String kid, ECPrivateKey key) throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(new JOSEObjectType("at+jwt")).build(),
				claims);
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	record SignedClaims(UUID subject, UUID sessionId) {

		static SignedClaims of(String token) {
			try {
				JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
				return new SignedClaims(UUID.fromString(claims.getSubject()),
						UUID.fromString(claims.getStringClaim("sid")));
			}
			catch (java.text.ParseException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	@Test
	void singleSignOnWhenNotConfiguredThenOffWithNoWayIn() {
		HttpResponse<String> info = api().http().get("/web/sso");
		assertThat(info.statusCode()).isEqualTo(200);
		assertThat(Http.json(info).path("enabled").asBoolean()).isFalse();
		assertProblem(api().http().get("/web/sso/link"), 404, "NOT_FOUND");
		assertThat(api().http().get("/web/sso/authorize/oidc").statusCode()).isEqualTo(404);
		assertThat(api().http().get("/web/sso/callback/oidc?code=c&state=s").statusCode()).isEqualTo(404);
	}

}
