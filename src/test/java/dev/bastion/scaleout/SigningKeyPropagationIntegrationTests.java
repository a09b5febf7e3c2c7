package dev.bastion.scaleout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.SignedJWT;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.bastion.BastionApplication;
import dev.bastion.account.AccountManagement;
import dev.bastion.admin.AdminCommandLine;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one PostgreSQL, without Redis: a key rotated out as compromised
 * through one instance, or by the command line against the database, is refused by every
 * instance within the reload interval plus one query, and every instance signs with the
 * new key from then on. The time is measured from the new key's {@code created_at} (the
 * rotation's commit) to the first refusal.
 */
class SigningKeyPropagationIntegrationTests {

	static final Duration RELOAD = Duration.ofSeconds(2);

	/** Room for the reload query and the scheduler on a busy two-core machine. */
	static final Duration SLACK = Duration.ofSeconds(2);

	static final String SECRET = "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9";

	static EmbeddedPostgres postgres;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	static String adminName;

	@BeforeAll
	static void start() throws IOException {
		postgres = EmbeddedPostgres.start();
		Map<String, String> shared = Map.of("SECRET_KEY", SECRET, "DATABASE_URL", databaseUrl(),
				"SIGNING_KEY_RELOAD_INTERVAL", RELOAD.toSeconds() + "s");
		first = Launcher.start(shared);
		second = Launcher.start(shared);
		adminName = Api.uniqueName("keyadmin");
		first.getBean(AccountManagement.class).createAdmin(adminName, adminName + "@example.org", Api.PASSWORD);
	}

	@AfterAll
	static void stop() throws IOException {
		second.close();
		first.close();
		postgres.close();
	}

	static String databaseUrl() {
		return "postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";
	}

	static Api api(ConfigurableApplicationContext instance) {
		return new Api(Launcher.port(instance));
	}

	@Test
	void compromisedRotationOnOneInstanceIsRefusedByTheOtherWithinTheReloadInterval() throws Exception {
		String token = api(second).newUser("twokeys").path("access_token").asString();
		assertThat(api(second).get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
		assertThat(api(first).get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
		String admin = Http.json(api(first).login(adminName, Api.PASSWORD)).path("access_token").asString();

		HttpResponse<String> rotated = api(first).post("/api/v1/admin/signing-keys/rotate", admin,
				"{\"compromised\": true}");
		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		String kid = Http.json(rotated).path("kid").asString();
		assertProblem(api(first).get("/api/v1/users/me", token), 401, "INVALID_TOKEN");

		assertRefusedWithinTheBound(token, kid, second);
		assertSignsWith(second, kid);
	}

	@Test
	void compromisedRotationFromTheCommandLineReachesRunningServersWithinTheReloadInterval() throws Exception {
		String token = api(first).newUser("clikeys").path("access_token").asString();
		assertThat(api(first).get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
		assertThat(api(second).get("/api/v1/users/me", token).statusCode()).isEqualTo(200);

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(cli(out, "rotate-signing-key", "--compromised")).isZero();
		Matcher printed = Pattern.compile("New signing key (es-[0-9a-f-]+); every token signed before it is refused")
			.matcher(out.toString(StandardCharsets.UTF_8));
		assertThat(printed.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
		String kid = printed.group(1);

		assertRefusedWithinTheBound(token, kid, first, second);
		assertSignsWith(first, kid);
		assertSignsWith(second, kid);
		assertThat(
				new JdbcTemplate(postgres.getPostgresDatabase()).queryForObject(
						"select count(*) from audit_events where type = 'ADMIN_ACTION' and severity = 'CRITICAL' "
								+ "and details like '%\"via\":\"cli\"%' and details like ?",
						Long.class, "%" + kid + "%"))
			.isEqualTo(1);
	}

	@Test
	void aMistypedFlagIsRefusedNotTakenForAPlainRotation() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(cli(out, "rotate-signing-key", "--compromise")).isEqualTo(2);
		assertThat(cli(out, "rotate-signing-key", "--compromised", "now")).isEqualTo(2);
		assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("New signing key");
	}

	/**
	 * Polls the instances until each refuses {@code token}, noting when each did, then
	 * checks how long after the rotation's commit that was.
	 */
	static void assertRefusedWithinTheBound(String token, String kid, ConfigurableApplicationContext... instances) {
		Instant committed = new JdbcTemplate(postgres.getPostgresDatabase())
			.queryForObject("select created_at from signing_keys where kid = ?", Timestamp.class, kid)
			.toInstant();
		Map<ConfigurableApplicationContext, Instant> refusedAt = new HashMap<>();
		long deadline = System.nanoTime() + RELOAD.plus(SLACK).plusSeconds(5).toNanos();
		while (refusedAt.size() < instances.length && System.nanoTime() < deadline) {
			for (ConfigurableApplicationContext instance : instances) {
				if (!refusedAt.containsKey(instance)
						&& api(instance).get("/api/v1/users/me", token).statusCode() == 401) {
					refusedAt.put(instance, Instant.now());
				}
			}
			pause();
		}
		for (ConfigurableApplicationContext instance : instances) {
			assertProblem(api(instance).get("/api/v1/users/me", token), 401, "INVALID_TOKEN");
			Duration took = Duration.between(committed, refusedAt.get(instance));
			System.out.println("Measured: port " + Launcher.port(instance) + " refused the old key " + took.toMillis()
					+ " ms after the rotation committed");
			assertThat(took).as("refused %s after the rotation", took).isLessThanOrEqualTo(RELOAD.plus(SLACK));
		}
	}

	static void assertSignsWith(ConfigurableApplicationContext instance, String kid) throws Exception {
		String token = Http.json(api(instance).login(adminName, Api.PASSWORD)).path("access_token").asString();
		assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo(kid);
		assertThat(api(instance).get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
	}

	static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Runs {@code bastion admin ARGS} against the instances' database, in this JVM. */
	static int cli(ByteArrayOutputStream out, String... args) {
		Map<String, String> environment = Map.of("DATABASE_URL", databaseUrl(), "SECRET_KEY", SECRET);
		environment.forEach(System::setProperty);
		try {
			PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
			return new AdminCommandLine(BastionApplication.class, new ByteArrayInputStream(new byte[0]), print, print)
				.run(args);
		}
		finally {
			environment.keySet().forEach(System::clearProperty);
		}
	}

}
