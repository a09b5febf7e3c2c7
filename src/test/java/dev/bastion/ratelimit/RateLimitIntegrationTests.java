package dev.bastion.ratelimit;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits per address and per user through the real server. The tests play many clients
 * through a trusted proxy on 127.0.0.1 that names them in X-Forwarded-For.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "TRUSTED_PROXIES=127.0.0.1", "RATE_LIMIT_HEALTH=5/1m", "RATE_LIMIT_LOGIN=3/1m",
				"RATE_LIMIT_REGISTER_IPV6_48=3/1m", "RATE_LIMIT_DEFAULT=10/1h" })
class RateLimitIntegrationTests {

	static final AtomicInteger clients = new AtomicInteger(1);

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Autowired
	EmergencyLimit emergency;

	Http http() {
		return Http.local(this.port);
	}

	static String newClient() {
		int n = clients.getAndIncrement();
		return "198.51." + (n / 250) + "." + (n % 250 + 1);
	}

	@Test
	void healthOverItsLimitThen429WithRetryAfterAndRateLimitHeaders() {
		String client = newClient();
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> allowed = http().get("/api/v1/health", "X-Forwarded-For", client);
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(allowed.headers().firstValue("RateLimit-Policy")).hasValue("\"health\";q=5;w=60");
			assertThat(allowed.headers().firstValue("RateLimit").orElseThrow())
				.startsWith("\"health\";r=" + (4 - i) + ";t=");
		}
		HttpResponse<String> refused = http().get("/api/v1/health", "X-Forwarded-For", client);
		JsonNode problem = assertProblem(refused, 429, "RATE_LIMIT_EXCEEDED");
		long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1L, 13L);
		assertThat(problem.path("retry_after").asLong()).isEqualTo(retryAfter);
		assertThat(refused.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"health\";r=0;");
		assertThat(http().get("/api/v1/health", "X-Forwarded-For", newClient()).statusCode()).isEqualTo(200);
	}

	@Test
	void ipv6ClientsShareTheLimitOfTheirSlash64() {
		String[] sameNetwork = { "2001:db8:aa:1::1", "2001:db8:aa:1::2", "2001:db8:aa:1:ffff::9" };
		for (int i = 0; i < 5; i++) {
			assertThat(http().get("/api/v1/health", "X-Forwarded-For", sameNetwork[i % 3]).statusCode()).isEqualTo(200);
		}
		assertProblem(http().get("/api/v1/health", "X-Forwarded-For", "2001:db8:aa:1::77"), 429, "RATE_LIMIT_EXCEEDED");
		assertThat(http().get("/api/v1/health", "X-Forwarded-For", "2001:db8:aa:2::1").statusCode()).isEqualTo(200);
	}

	/**
	 * One subscriber often holds a whole /48: 65,536 /64s, each with a registration limit
	 * of its own. Their registrations share the /48's limit too.
	 */
	@Test
	void registrationsFromManySlash64sOfOneSlash48AreLimitedTogether() {
		for (int i = 1; i <= 3; i++) {
			registerFrom("2001:db8:48:" + i + "::1", Api.uniqueName("site"));
		}
		HttpResponse<String> refused = register("2001:db8:48:ff::7", Api.uniqueName("site"));
		JsonNode problem = assertProblem(refused, 429, "RATE_LIMIT_EXCEEDED");
		assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"register-ipv6-48\";q=3;w=60");
		assertThat(refused.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"register-ipv6-48\";r=0;");
		long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1L, 20L);
		assertThat(problem.path("retry_after").asLong()).isEqualTo(retryAfter);
		registerFrom("2001:db8:49:1::1", Api.uniqueName("elsewhere"));
	}

	@Test
	void refusedLoginsDoNoLoginWorkSoTheyCannotLockAnAccount() {
		String username = Api.uniqueName("limited");
		registerFrom(newClient(), username);
		String attacker = newClient();
		for (int i = 0; i < 3; i++) {
			assertProblem(login(attacker, username, "guess-" + i), 401, "INVALID_CREDENTIALS");
		}
		for (int i = 0; i < 10; i++) {
			assertProblem(login(attacker, username, "guess-x" + i), 429, "RATE_LIMIT_EXCEEDED");
		}
		// Only three failures reached the login: the account (limit 5) is not locked.
		assertThat(login(newClient(), username, Api.PASSWORD).statusCode()).isEqualTo(200);
	}

	@Test
	void anEncodedPathIsLimitedAsWhatItDecodesTo() {
		String client = newClient();
		String body = "{\"username\": \"nobody-at-all\", \"password\": \"guess-guess-1\"}";
		for (int i = 0; i < 3; i++) {
			assertProblem(http().postJson("/api/v1/auth/%6Cogin", body, "X-Forwarded-For", client), 401,
					"INVALID_CREDENTIALS");
		}
		HttpResponse<String> refused = http().postJson("/api/v1/auth/%6cogin", body, "X-Forwarded-For", client);
		assertProblem(refused, 429, "RATE_LIMIT_EXCEEDED");
		assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"login\";q=3;w=60");
	}

	@Test
	void userLimitHoldsAcrossAddresses() {
		String username = Api.uniqueName("busy");
		registerFrom(newClient(), username);
		String token = Http.json(login(newClient(), username, Api.PASSWORD)).path("access_token").asString();
		for (int i = 0; i < 10; i++) {
			assertThat(
					http().get("/api/v1/users/me", "Authorization", "Bearer " + token, "X-Forwarded-For", newClient())
						.statusCode())
				.isEqualTo(200);
		}
		HttpResponse<String> refused = http().get("/api/v1/users/me", "Authorization", "Bearer " + token,
				"X-Forwarded-For", newClient());
		assertProblem(refused, 429, "RATE_LIMIT_EXCEEDED");
		assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"default\";q=10;w=3600");
	}

	/**
	 * A request that fails authentication (here: a revoked token, replayed by whoever
	 * stole it) must not cost the user it names anything, even where the user's bucket is
	 * taken before authentication ({@link RateLimitOnRedisIntegrationTests}).
	 */
	@Test
	void requestsThatFailAuthenticationCostTheUserNothing() {
		String username = Api.uniqueName("robbed");
		registerFrom(newClient(), username);
		String stolen = Http.json(login(newClient(), username, Api.PASSWORD)).path("access_token").asString();
		String own = Http.json(login(newClient(), username, Api.PASSWORD)).path("access_token").asString();
		assertThat(me(stolen).statusCode()).isEqualTo(200);
		assertThat(http()
			.postJson("/api/v1/auth/logout", "{}", "Authorization", "Bearer " + stolen, "X-Forwarded-For", newClient())
			.statusCode()).isEqualTo(204);
		for (int i = 0; i < 12; i++) {
			assertProblem(me(stolen), 401, "TOKEN_REVOKED");
		}
		// Two requests counted (the read and the logout) out of ten.
		assertUserHasLeft(own, 8, "\"default\";q=10;w=3600");
	}

	/**
	 * A request refused for its address costs the user nothing, even where the user's
	 * token is taken together with the address's
	 * ({@link RateLimitOnRedisIntegrationTests}).
	 */
	@Test
	void aRequestRefusedForItsAddressCostsTheUserNothing() {
		String username = Api.uniqueName("shared-office");
		registerFrom(newClient(), username);
		String token = Http.json(login(newClient(), username, Api.PASSWORD)).path("access_token").asString();
		String office = newClient();
		for (int i = 0; i < 4; i++) {
			assertThat(me(token, office).statusCode()).isEqualTo(200);
		}
		for (int i = 0; i < 6; i++) {
			assertProblem(http().get("/api/v1/users/me", "X-Forwarded-For", office), 401, "AUTHENTICATION_REQUIRED");
		}
		for (int i = 0; i < 5; i++) {
			assertProblem(me(token, office), 429, "RATE_LIMIT_EXCEEDED");
		}
		assertUserHasLeft(token, 6, "\"default\";q=10;w=3600");
	}

	/** The user's next requests, each from a new address, get exactly {@code left}. */
	void assertUserHasLeft(String token, int left, String policy) {
		for (int i = left - 1; i >= 0; i--) {
			HttpResponse<String> allowed = me(token);
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(allowed.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"default\";r=" + i + ";");
		}
		HttpResponse<String> refused = me(token);
		assertProblem(refused, 429, "RATE_LIMIT_EXCEEDED");
		assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue(policy);
	}

	HttpResponse<String> me(String token) {
		return me(token, newClient());
	}

	HttpResponse<String> me(String token, String client) {
		return http().get("/api/v1/users/me", "Authorization", "Bearer " + token, "X-Forwarded-For", client);
	}

	@Test
	void emergencyLimitAppliesToEveryoneAtOnceAndOnlyAdminsSwitchIt() {
		String admin = Api.uniqueName("ops");
		this.accounts.createAdmin(admin, admin + "@example.org", Api.PASSWORD);
		String adminToken = Http.json(login(newClient(), admin, Api.PASSWORD)).path("access_token").asString();
		String user = Api.uniqueName("plain");
		registerFrom(newClient(), user);
		String userToken = Http.json(login(newClient(), user, Api.PASSWORD)).path("access_token").asString();
		assertProblem(put(userToken, "{\"enabled\": true, \"requests_per_minute\": 3}"), 403, "FORBIDDEN");
		assertProblem(http().send("PUT", "/api/v1/admin/emergency-limit",
				java.net.http.HttpRequest.BodyPublishers.ofString("{\"enabled\": true}"), "Content-Type",
				"application/json", "X-Forwarded-For", newClient()), 401, "AUTHENTICATION_REQUIRED");
		try {
			HttpResponse<String> on = put(adminToken, "{\"enabled\": true, \"requests_per_minute\": 3}");
			assertThat(on.statusCode()).isEqualTo(200);
			assertThat(Http.json(on).path("requests_per_minute").asInt()).isEqualTo(3);
			int allowed = 0;
			for (int i = 0; i < 6; i++) {
				if (http().get("/api/v1/health", "X-Forwarded-For", newClient()).statusCode() == 200) {
					allowed++;
				}
			}
			assertThat(allowed).isEqualTo(3);
			HttpResponse<String> refused = http().get("/api/v1/health", "X-Forwarded-For", newClient());
			assertProblem(refused, 429, "RATE_LIMIT_EXCEEDED");
			assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"emergency\";q=3;w=60");
		}
		finally {
			this.emergency.set(false, 0);
		}
		assertThat(http().get("/api/v1/health", "X-Forwarded-For", newClient()).statusCode()).isEqualTo(200);
	}

	HttpResponse<String> put(String token, String json) {
		return http().send("PUT", "/api/v1/admin/emergency-limit",
				java.net.http.HttpRequest.BodyPublishers.ofString(json), "Authorization", "Bearer " + token,
				"Content-Type", "application/json", "X-Forwarded-For", newClient());
	}

	HttpResponse<String> login(String client, String username, String password) {
		return http().postJson("/api/v1/auth/login",
				"{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}", "X-Forwarded-For", client);
	}

	void registerFrom(String client, String username) {
		HttpResponse<String> registered = register(client, username);
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
	}

	HttpResponse<String> register(String client, String username) {
		return http().postJson("/api/v1/auth/register", "{\"username\": \"" + username + "\", \"email\": \"" + username
				+ "@example.org\", \"password\": \"" + Api.PASSWORD + "\"}", "X-Forwarded-For", client);
	}

}
