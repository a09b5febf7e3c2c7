package dev.bastion.scaleout;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.support.FreePorts;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;
import dev.bastion.support.OpenAiStub;
import dev.bastion.support.RedisCommandStats;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Bastion instances sharing a real Redis and a real PostgreSQL behave as one; a third
 * with the open failure policy shows the fallback. Redis is stopped and restarted
 * mid-run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class ScaleOutIntegrationTests {

	static RedisServer redis;

	static int redisPort;

	static EmbeddedPostgres postgres;

	static OpenAiStub model;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	static ConfigurableApplicationContext failOpen;

	@BeforeAll
	static void start() throws IOException {
		redisPort = FreePorts.next();
		redis = new RedisServer(redisPort);
		redis.start();
		postgres = EmbeddedPostgres.start();
		model = new OpenAiStub("The fortress answer.");
		Map<String, String> shared = Map.of("OPENAI_API_KEY", "sk-test-scaleout", "OPENAI_BASE_URL", model.baseUrl(),
				"PROVIDER_ORDER", "openai,offline", "SECRET_KEY", "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9",
				"REDIS_URL", "redis://127.0.0.1:" + redisPort, "DATABASE_URL",
				"postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres", "TRUSTED_PROXIES",
				"127.0.0.1", "RATE_LIMIT_HEALTH", "20/1m", "BAN_AFTER_DISTINCT_USERNAMES", "5",
				// High, and refilling slowly enough (one request in 86 s) to count
				// exactly
				"RATE_LIMIT_DEFAULT", "1000000/1000d");
		first = Launcher.start(shared);
		second = Launcher.start(shared);
		Map<String, String> open = new java.util.HashMap<>(shared);
		open.put("REDIS_FAILURE_POLICY", "open");
		failOpen = Launcher.start(open);
	}

	@AfterAll
	static void stop() throws IOException {
		failOpen.close();
		second.close();
		first.close();
		postgres.close();
		redis.stop();
		model.close();
	}

	static Api api(ConfigurableApplicationContext instance) {
		return new Api(Launcher.port(instance));
	}

	@Test
	@Order(1)
	void tokenRevokedThroughOneIsRefusedByTheOtherAtOnce() {
		for (int round = 0; round < 10; round++) {
			String token = api(first).newUser("twoplaces").path("access_token").asString();
			// The second read is answered from the copy the other instance keeps.
			assertThat(api(second).get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
			assertLogoutThroughFirstIsRefusedBySecond(token);
		}
	}

	/**
	 * The other instance reads the token, then a logout through the first ends it there.
	 */
	static void assertLogoutThroughFirstIsRefusedBySecond(String token) {
		assertThat(api(second).get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
		assertThat(api(first).post("/api/v1/auth/logout", token, "{}").statusCode()).isEqualTo(204);
		assertProblem(api(second).get("/api/v1/users/me", token), 401, "TOKEN_REVOKED");
	}

	@Test
	@Order(1)
	void aLoginEndedThroughOneIsRefusedByTheOtherAtOnce() {
		JsonNode session = api(first).newUser("endedelsewhere");
		String username = session.path("user").path("username").asString();
		String kept = session.path("access_token").asString();
		String ended = Http.json(api(first).login(username, Api.PASSWORD)).path("access_token").asString();
		assertThat(api(second).get("/api/v1/users/me", ended).statusCode()).isEqualTo(200);
		assertThat(api(second).get("/api/v1/users/me", ended).statusCode()).isEqualTo(200);
		HttpResponse<String> sessions = api(first).get("/api/v1/users/me/sessions", kept);
		String endedId = null;
		for (JsonNode login : Http.json(sessions).path("sessions")) {
			if (!login.path("current").asBoolean()) {
				endedId = login.path("id").asString();
			}
		}
		assertThat(endedId).as(sessions.body()).isNotNull();
		assertThat(api(first).delete("/api/v1/users/me/sessions/" + endedId, kept).statusCode()).isEqualTo(204);
		assertProblem(api(second).get("/api/v1/users/me", ended), 401, "TOKEN_REVOKED");
		assertThat(api(second).get("/api/v1/users/me", kept).statusCode()).isEqualTo(200);
	}

	@Test
	@Order(1)
	void anAccountDeletedThroughOneIsRefusedByTheOtherAtOnce() {
		String token = api(first).newUser("deletedelsewhere").path("access_token").asString();
		// The other instance now keeps the account's state.
		assertThat(api(second).get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
		assertThat(api(first).deleteJson("/api/v1/users/me", token, "{\"password\": \"" + Api.PASSWORD + "\"}")
			.statusCode()).isEqualTo(204);
		assertProblem(api(second).get("/api/v1/users/me", token), 401, "TOKEN_REVOKED");
	}

	/**
	 * Once an instance has verified a token, a request with it costs one command: the
	 * address's and the user's bucket are swapped in one script, and revocations, bans
	 * and the emergency switch are read from the copies Redis keeps current.
	 */
	@Test
	@Order(1)
	void anAuthenticatedRequestCostsOneCommandToRedis() {
		String token = api(first).newUser("onecommand").path("access_token").asString();
		assertThat(me(second, token, "192.0.2.21").statusCode()).isEqualTo(200);
		Map<String, Long> before = redisCalls();
		for (int i = 0; i < 20; i++) {
			assertThat(me(second, token, "192.0.2.21").statusCode()).isEqualTo(200);
		}
		Map<String, Long> after = redisCalls();
		assertThat(after.get("eval") - before.get("eval")).isEqualTo(20);
		assertThat(after.get("evalsha")).isEqualTo(before.get("evalsha"));
		// Commands a script runs count too: the script compares and writes both buckets,
		// and nothing reads them outside it.
		assertThat(after.get("get") - before.get("get")).isEqualTo(2 * 20);
		assertThat(after.get("psetex") - before.get("psetex")).isEqualTo(2 * 20);
		assertThat(after.get("mget")).isEqualTo(before.get("mget"));
	}

	/** How many times Redis has served the commands a request could send. */
	static Map<String, Long> redisCalls() {
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			return Stream.of("eval", "evalsha", "get", "psetex", "mget")
				.collect(Collectors.toMap(Function.identity(),
						(command) -> RedisCommandStats.calls(connection.sync(), command)));
		}
	}

	/**
	 * Through both instances, the user's bucket in Redis counts each served request once,
	 * and nothing for a revoked token replayed at the instance that has verified it
	 * before (that instance takes the user's token before authentication and gives it
	 * back). The RateLimit header shows the user's bucket: every request comes from a new
	 * address.
	 */
	@Test
	@Order(1)
	void theUsersBucketInRedisCountsServedRequestsOnly() {
		JsonNode session = api(first).newUser("counted");
		String username = session.path("user").path("username").asString();
		String revoked = session.path("access_token").asString();
		assertThat(me(second, revoked, "192.0.2.11").statusCode()).isEqualTo(200);
		assertThat(api(first).post("/api/v1/auth/logout", revoked, "{}").statusCode()).isEqualTo(204);
		for (int i = 0; i < 5; i++) {
			assertProblem(me(second, revoked, "192.0.2.12"), 401, "TOKEN_REVOKED");
		}
		String token = Http.json(api(first).login(username, Api.PASSWORD)).path("access_token").asString();
		assertThat(me(first, token, "192.0.2.13").headers().firstValue("RateLimit").orElseThrow())
			.startsWith("\"default\";r=999997;");
		assertThat(me(second, token, "192.0.2.14").headers().firstValue("RateLimit").orElseThrow())
			.startsWith("\"default\";r=999996;");
		assertThat(me(second, token, "192.0.2.15").headers().firstValue("RateLimit").orElseThrow())
			.startsWith("\"default\";r=999995;");
	}

	static HttpResponse<String> me(ConfigurableApplicationContext instance, String token, String client) {
		return Http.local(Launcher.port(instance))
			.get("/api/v1/users/me", "Authorization", "Bearer " + token, "X-Forwarded-For", client);
	}

	@Test
	@Order(2)
	void lockSetThroughOneHoldsOnTheOther() {
		JsonNode session = api(first).newUser("lockedtwice");
		String username = session.path("user").path("username").asString();
		for (int i = 0; i < 5; i++) {
			assertProblem(api(first).login(username, "wrong-guess-" + i), 401, "INVALID_CREDENTIALS");
		}
		assertProblem(api(second).login(username, Api.PASSWORD), 429, "ACCOUNT_LOCKED");
	}

	@Test
	@Order(3)
	void aLimitOfNAdmitsExactlyNAcrossBothInstancesUnderConcurrentLoad() throws Exception {
		List<Callable<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			ConfigurableApplicationContext instance = (i % 2 == 0) ? first : second;
			calls.add(() -> Http.local(Launcher.port(instance))
				.get("/api/v1/health", "X-Forwarded-For", "192.0.2.77")
				.statusCode());
		}
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
			for (Future<Integer> status : pool.invokeAll(calls)) {
				statuses.add(status.get());
			}
		}
		assertThat(statuses.stream().filter((status) -> status == 200).count()).isEqualTo(20);
		assertThat(statuses.stream().filter((status) -> status == 429).count()).isEqualTo(40);
	}

	@Test
	@Order(4)
	void whenRedisGoesClosedPolicyRefusesOpenPolicyFallsBackAndBothRecover(CapturedOutput output) throws Exception {
		String token = api(first).newUser("acrossrestart").path("access_token").asString();
		assertThat(api(second).get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
		redis.stop();
		try {
			HttpResponse<String> closed = Http.local(Launcher.port(first))
				.get("/api/v1/health", "X-Forwarded-For", "192.0.2.88");
			assertProblem(closed, 503, "SERVICE_UNAVAILABLE");
			assertThat(closed.headers().firstValue("Retry-After")).hasValue("5");
			// The liveness probe does not depend on Redis: no orchestrator restarts every
			// instance in a loop while it is away.
			assertThat(Http.local(Launcher.port(first)).get("/livez", "X-Forwarded-For", "192.0.2.88").statusCode())
				.isEqualTo(200);
			HttpResponse<String> open = Http.local(Launcher.port(failOpen))
				.get("/api/v1/health", "X-Forwarded-For", "192.0.2.88");
			assertThat(open.statusCode()).isEqualTo(200);
			assertThat(Http.json(open).path("status").asString()).isIn("DEGRADED", "UP");
			assertThat(output).contains("SHARED_STATE_UNAVAILABLE");
		}
		finally {
			redis.start();
		}
		// Each instance reconnects on its own schedule: both must recover (polled from
		// their own addresses, so each keeps the health limit's whole budget).
		for (ConfigurableApplicationContext instance : List.of(first, second)) {
			String client = (instance == first) ? "192.0.2.99" : "192.0.2.98";
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			int status = 0;
			while (System.nanoTime() < deadline && status != 200) {
				Thread.sleep(250);
				status = Http.local(Launcher.port(instance))
					.get("/api/v1/health", "X-Forwarded-For", client)
					.statusCode();
			}
			assertThat(status).as("recovers without a restart").isEqualTo(200);
		}
		assertThat(output).contains("SHARED_STATE_RECOVERED");
		// The restarted Redis tracks nothing: copies kept from before must not be
		// trusted.
		assertLogoutThroughFirstIsRefusedBySecond(token);
	}

	@Test
	@Order(5)
	void theCommandLineSwitchesTheEmergencyLimitOfEveryInstanceAtOnce() {
		assertThat(cli("emergency-limit", "on", "2")).isZero();
		int allowed = 0;
		for (int i = 0; i < 6; i++) {
			ConfigurableApplicationContext instance = (i % 2 == 0) ? first : second;
			if (Http.local(Launcher.port(instance))
				.get("/api/v1/health", "X-Forwarded-For", "192.0.2." + (10 + i))
				.statusCode() == 200) {
				allowed++;
			}
		}
		assertThat(allowed).isEqualTo(2);
		assertThat(cli("emergency-limit", "off")).isZero();
		assertThat(
				Http.local(Launcher.port(second)).get("/api/v1/health", "X-Forwarded-For", "192.0.2.50").statusCode())
			.isEqualTo(200);
	}

	/**
	 * Under the open policy, an instance keeps the locks and the emergency limit it saw
	 * in Redis: both were set elsewhere (a lock through the first instance, the limit by
	 * the command line), and both still hold there while Redis is away.
	 */
	@Test
	@Order(6)
	void withTheOpenPolicyLocksAndTheEmergencyLimitInForceWhenRedisWentAwayKeepHolding(CapturedOutput output)
			throws Exception {
		JsonNode session = api(first).newUser("lockedthrough");
		String username = session.path("user").path("username").asString();
		for (int i = 0; i < 5; i++) {
			assertProblem(api(first).login(username, "wrong-guess-" + i), 401, "INVALID_CREDENTIALS");
		}
		assertProblem(loginThroughFailOpen(username), 429, "ACCOUNT_LOCKED");
		assertThat(cli("emergency-limit", "on", "3")).isZero();
		try {
			assertThat(healthThroughFailOpen("192.0.2.60").statusCode()).as("the limit is read").isEqualTo(200);
			redis.stop();
			try {
				assertProblem(loginThroughFailOpen(username), 429, "ACCOUNT_LOCKED");
				assertThat(healthThroughFailOpen("192.0.2.61").statusCode()).isEqualTo(200);
				assertThat(healthThroughFailOpen("192.0.2.62").statusCode()).isEqualTo(200);
				HttpResponse<String> braked = healthThroughFailOpen("192.0.2.63");
				assertProblem(braked, 429, "RATE_LIMIT_EXCEEDED");
				assertThat(braked.headers().firstValue("RateLimit-Policy")).hasValue("\"emergency\";q=3;w=60");
				assertThat(output).contains("SHARED_STATE_UNAVAILABLE");
			}
			finally {
				redis.start();
			}
			awaitRedisAgain();
		}
		finally {
			assertThat(cli("emergency-limit", "off")).isZero();
		}
		// Back on Redis, each instance follows it again: the limit is off everywhere.
		for (ConfigurableApplicationContext instance : List.of(failOpen, first, second)) {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			int status = 0;
			for (int i = 0; System.nanoTime() < deadline && status != 200; i++) {
				Thread.sleep(250);
				status = Http.local(Launcher.port(instance))
					.get("/api/v1/health", "X-Forwarded-For", "192.0.3." + (i % 250 + 1))
					.statusCode();
			}
			assertThat(status).isEqualTo(200);
		}
	}

	static HttpResponse<String> loginThroughFailOpen(String username) {
		return Http.local(Launcher.port(failOpen))
			.postJson("/api/v1/auth/login",
					"{\"username\": \"" + username + "\", \"password\": \"" + Api.PASSWORD + "\"}", "X-Forwarded-For",
					"192.0.2.59");
	}

	static HttpResponse<String> healthThroughFailOpen(String client) {
		return Http.local(Launcher.port(failOpen)).get("/api/v1/health", "X-Forwarded-For", client);
	}

	/**
	 * Until the command line reaches the restarted Redis (it refuses while Redis is
	 * away).
	 */
	static void awaitRedisAgain() throws InterruptedException {
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort)) {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				try (StatefulRedisConnection<String, String> connection = client.connect()) {
					if ("PONG".equals(connection.sync().ping())) {
						return;
					}
				}
				catch (RuntimeException ex) {
					Thread.sleep(250);
				}
			}
		}
		throw new AssertionError("Redis did not come back");
	}

	/** Runs {@code bastion admin ARGS} against the instances' Redis and database. */
	static int cli(String... args) {
		Map<String, String> environment = Map.of("REDIS_URL", "redis://127.0.0.1:" + redisPort, "DATABASE_URL",
				"postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres", "SECRET_KEY",
				"4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9");
		environment.forEach(System::setProperty);
		try {
			return new dev.bastion.admin.AdminCommandLine(dev.bastion.BastionApplication.class,
					new java.io.ByteArrayInputStream(new byte[0]), System.out, System.err)
				.run(args);
		}
		finally {
			environment.keySet().forEach(System::clearProperty);
		}
	}

	@Test
	@Order(2)
	void aBanRaisedThroughOneHoldsOnTheOtherAtOnceAndIsLiftedEverywhere() {
		String attacker = "192.0.2.201";
		HttpResponse<String> health = Http.local(Launcher.port(second))
			.get("/api/v1/health", "X-Forwarded-For", attacker);
		assertThat(health.statusCode()).as("the other instance holds a copy: not banned").isEqualTo(200);
		for (int i = 0; i < 5; i++) {
			assertThat(
					Http.local(Launcher.port(first))
						.postJson("/api/v1/auth/login",
								"{\"username\": \"" + Api.uniqueName("stuffed") + "\", \"password\": \"guess-" + i
										+ "\"}",
								"X-Forwarded-For", attacker)
						.statusCode())
				.isEqualTo(401);
		}
		assertProblem(Http.local(Launcher.port(second)).get("/api/v1/health", "X-Forwarded-For", attacker), 403,
				"FORBIDDEN");
		assertThat(cli("unban", attacker)).isZero();
		assertThat(Http.local(Launcher.port(second)).get("/api/v1/health", "X-Forwarded-For", attacker).statusCode())
			.isEqualTo(200);
	}

	@Test
	@Order(10)
	void aReplyCachedThroughOneIsServedByTheOtherAndKeptEncryptedInRedis(CapturedOutput output) {
		String token = api(first).newUser("cachedtwice").path("access_token").asString();
		String prompt = "{\"message\": \"what does the fortress say?\"}";
		JsonNode fresh = Http.json(api(first).post("/api/v1/chat", token, prompt));
		JsonNode cached = Http.json(api(second).post("/api/v1/chat", token, prompt));
		assertThat(fresh.path("cached").asBoolean()).isFalse();
		assertThat(cached.path("cached").asBoolean()).isTrue();
		assertThat(cached.path("reply").asString()).isEqualTo("The fortress answer.");
		assertThat(model.calls()).isEqualTo(1);
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			List<String> keys = connection.sync().keys("bastion:reply-cache:*");
			assertThat(keys).contains("bastion:reply-cache:index").hasSizeGreaterThan(1);
			for (String key : keys) {
				if (!key.endsWith(":index")) {
					assertThat(connection.sync().get(key)).doesNotContain("fortress");
					connection.sync().set(key, "not an entry any more");
				}
			}
		}
		int before = output.getAll().length();
		JsonNode unreadable = Http.json(api(second).post("/api/v1/chat", token, prompt));
		assertThat(unreadable.path("cached").asBoolean()).as("an entry that no longer decodes is a miss").isFalse();
		assertThat(output.getAll().substring(before)).doesNotContain("Redis is unreachable");
	}

	@Test
	@Order(11)
	void aDeletedAccountsCachedRepliesLeaveRedisAtOnce() {
		String token = api(first).newUser("cachedleaving").path("access_token").asString();
		long before = replyCacheEntries();
		Http.json(api(first).post("/api/v1/chat", token, "{\"message\": \"what do walls keep out?\"}"));
		Http.json(api(second).post("/api/v1/chat", token, "{\"message\": \"and what do they keep in?\"}"));
		assertThat(replyCacheEntries()).isEqualTo(before + 2);

		assertThat(api(first).deleteJson("/api/v1/users/me", token, "{\"password\": \"" + Api.PASSWORD + "\"}")
			.statusCode()).isEqualTo(204);

		assertThat(replyCacheEntries()).as("entries stored through either instance are gone").isEqualTo(before);
	}

	/** Entries in Redis, and members of the index that bounds them, which must agree. */
	static long replyCacheEntries() {
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			long entries = connection.sync()
				.keys("bastion:reply-cache:*")
				.stream()
				.filter((key) -> !key.endsWith(":index"))
				.count();
			assertThat(connection.sync().zcard("bastion:reply-cache:index")).isEqualTo(entries);
			return entries;
		}
	}

}
