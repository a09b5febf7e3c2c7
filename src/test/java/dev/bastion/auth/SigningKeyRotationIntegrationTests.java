package dev.bastion.auth;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.account.AccountManagement;
import dev.bastion.auth.token.SigningKeys;
import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating the signing key on one instance: as compromised, every token of the keys
 * before is refused at once while fresh logins and refreshes get tokens of the new key;
 * without the flag old tokens keep working until their key's window has passed, when the
 * key is dropped from memory. The server's clock can be moved forward to reach that
 * window.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "SIGNING_KEY_RELOAD_INTERVAL=1s")
class SigningKeyRotationIntegrationTests {

	static final String ROTATE = "/api/v1/admin/signing-keys/rotate";

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Autowired
	SigningKeys keys;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MovableClock clock;

	Api api;

	String adminName;

	String admin;

	@BeforeEach
	void admin() {
		this.api = new Api(this.port);
		this.adminName = Api.uniqueName("keyops");
		this.accounts.createAdmin(this.adminName, this.adminName + "@example.org", Api.PASSWORD);
		this.admin = login(this.adminName).path("access_token").asString();
	}

	@Test
	void rotateWhenCompromisedThenEveryTokenOfTheOldKeyIsRefusedAtOnce() throws Exception {
		JsonNode seen = this.api.newUser("seen");
		String seenToken = seen.path("access_token").asString();
		String unseenToken = this.api.newUser("unseen").path("access_token").asString();
		assertThat(this.api.get("/api/v1/users/me", seenToken).statusCode()).isEqualTo(200);
		String oldKid = kid(seenToken);

		HttpResponse<String> rotated = this.api.post(ROTATE, this.admin, "{\"compromised\": true}");
		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		String newKid = Http.json(rotated).path("kid").asString();
		assertThat(newKid).startsWith("es-").isNotEqualTo(oldKid);

		// Verified and remembered before, never seen before, the admin's own: all
		// refused.
		assertProblem(this.api.get("/api/v1/users/me", seenToken), 401, "INVALID_TOKEN");
		assertProblem(this.api.get("/api/v1/users/me", unseenToken), 401, "INVALID_TOKEN");
		assertProblem(this.api.get("/api/v1/users/me", this.admin), 401, "INVALID_TOKEN");

		JsonNode fresh = login(seen.path("user").path("username").asString());
		assertThat(kid(fresh.path("access_token").asString())).isEqualTo(newKid);
		assertThat(this.api.get("/api/v1/users/me", fresh.path("access_token").asString()).statusCode()).isEqualTo(200);
		// Refresh tokens are opaque and stored server-side: they keep working and bring a
		// token of the new key.
		HttpResponse<String> refreshed = this.api.refresh(seen.path("refresh_token").asString());
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		String refreshedToken = Http.json(refreshed).path("access_token").asString();
		assertThat(kid(refreshedToken)).isEqualTo(newKid);
		assertThat(this.api.get("/api/v1/users/me", refreshedToken).statusCode()).isEqualTo(200);

		assertThat(this.jdbc.sql("select count(*) from signing_keys where kid = ? and compromised_at is not null")
			.param(oldKid)
			.query(Long.class)
			.single()).as("kept for forensics").isEqualTo(1);
		String again = login(this.adminName).path("access_token").asString();
		JsonNode event = adminAction(again, newKid);
		assertThat(event.path("severity").asString()).isEqualTo("CRITICAL");
		assertThat(event.path("details").path("compromised").asBoolean()).isTrue();
		assertThat(event.path("details").path("via").asString()).isEqualTo("api");
	}

	@Test
	void aWebSessionCarriesOnWithATokenOfTheNewKeyAfterACompromisedRotation() {
		String username = this.api.newUsername("webkeys");
		Http http = this.api.http();
		String csrf = cookie(http.get("/"), "XSRF-TOKEN");
		HttpResponse<String> login = http.send("POST", "/web/session",
				BodyPublishers.ofString("{\"username\": \"" + username + "\", \"password\": \"" + Api.PASSWORD + "\"}"),
				"Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		String[] headers = { "Cookie", "bastion-session=" + cookie(login, "bastion-session") };
		assertThat(http.get("/api/v1/users/me", headers).statusCode()).isEqualTo(200);
		assertThat(this.api.post(ROTATE, this.admin, "{\"compromised\": true}").statusCode()).isEqualTo(200);
		// The session's access token was signed by the refused key: renewed by its
		// refresh token, not ended.
		HttpResponse<String> after = http.get("/api/v1/users/me", headers);
		assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
		assertThat(Http.json(after).path("username").asString()).isEqualTo(username);
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

	@Test
	void rotateWithoutTheFlagKeepsOldTokensValidUntilTheyExpire() throws Exception {
		String token = this.api.newUser("kept").path("access_token").asString();
		assertThat(this.api.get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
		String lastKid = null;
		for (String body : new String[] { null, "{}", "{\"compromised\": false}", "null" }) {
			HttpResponse<String> rotated = (body != null) ? this.api.post(ROTATE, this.admin, body) : this.api.http()
				.send("POST", ROTATE, BodyPublishers.noBody(), "Authorization", "Bearer " + this.admin);
			assertThat(rotated.statusCode()).as(body + ": " + rotated.body()).isEqualTo(200);
			lastKid = Http.json(rotated).path("kid").asString();
			assertThat(this.api.get("/api/v1/users/me", token).statusCode()).as(body).isEqualTo(200);
		}
		assertProblem(this.api.post(ROTATE, this.admin, "{\"compromised\": true, \"everything\": true}"), 400,
				"VALIDATION_ERROR");
		assertProblem(this.api.post(ROTATE, this.admin, "{\"compromised\": \"maybe\"}"), 400, "VALIDATION_ERROR");
		assertThat(this.api.get("/api/v1/users/me", token).statusCode()).as("no rotation happened").isEqualTo(200);
		assertThat(kid(login(this.adminName).path("access_token").asString())).isEqualTo(lastKid);
		JsonNode event = adminAction(login(this.adminName).path("access_token").asString(), lastKid);
		assertThat(event.path("severity").asString()).isEqualTo("WARNING");
		assertThat(event.path("details").path("compromised").asBoolean()).isFalse();
	}

	@Test
	void retiredKeyIsDroppedFromMemoryOnceItsWindowHasPassed() throws Exception {
		String token = this.api.newUser("window").path("access_token").asString();
		String oldKid = kid(token);
		assertThat(this.api.post(ROTATE, this.admin, "{}").statusCode()).isEqualTo(200);
		// Window: JWT_ACCESS_TOKEN_EXPIRES (1h) + reload interval (1s) + clock skew
		// (30s).
		this.clock.moveBy(Duration.ofHours(1));
		this.keys.reload();
		assertThat(this.keys.trustedKids()).as("still inside the window").contains(oldKid);
		this.clock.moveBy(Duration.ofSeconds(32));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.keys.trustedKids().contains(oldKid) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.keys.trustedKids()).as("dropped by the periodic reload")
			.doesNotContain(oldKid)
			.contains(this.keys.activeKid());
		assertProblem(this.api.get("/api/v1/users/me", token), 401, "INVALID_TOKEN");
	}

	JsonNode login(String username) {
		HttpResponse<String> response = this.api.login(username, Api.PASSWORD);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response);
	}

	/** The {@code rotate-signing-key} event that made {@code kid} the signer. */
	JsonNode adminAction(String adminToken, String kid) {
		HttpResponse<String> events = this.api.get("/api/v1/admin/security-events?type=ADMIN_ACTION&size=100",
				adminToken);
		for (JsonNode event : Http.json(events).path("events")) {
			if (event.path("details").path("target").asString().equals(kid)) {
				assertThat(event.path("details").path("action").asString()).isEqualTo("rotate-signing-key");
				return event;
			}
		}
		throw new AssertionError("no event for " + kid + " in " + events.body());
	}

	static String kid(String token) throws Exception {
		return SignedJWT.parse(token).getHeader().getKeyID();
	}

	/** The system clock, moved forward on demand. */
	static final class MovableClock extends Clock {

		private volatile Duration offset = Duration.ZERO;

		void moveBy(Duration duration) {
			this.offset = this.offset.plus(duration);
		}

		@Override
		public Instant instant() {
			return Instant.now().plus(this.offset);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

}
