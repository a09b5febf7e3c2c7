package dev.bastion.audit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bastion.BastionApplication;
import dev.bastion.account.AccountManagement;
import dev.bastion.admin.AdminCommandLine;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Someone with write access to the database but without {@code SECRET_KEY} cuts off the
 * end of the audit chain (by SQL, on a real PostgreSQL) and rewinds {@code audit_head}:
 * to an earlier head copied with its MAC, to the empty chain, or without a MAC. Each is
 * reported by {@code POST /api/v1/admin/audit/verify}: from the server's memory, from its
 * anchor file after a restart, or from a signed head taken from the log. After each
 * attack the table is put back as it was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class AuditTamperingIntegrationTests {

	static final Pattern LOGGED_ANCHOR = Pattern.compile("Audit anchor (\\d+):([0-9a-f]{64}):([0-9a-f]{64})");

	static EmbeddedPostgres postgres;

	static JdbcTemplate sql;

	static Path anchorFile;

	static Map<String, String> environment;

	static ConfigurableApplicationContext bastion;

	static String admin;

	static Head genesis;

	@BeforeAll
	static void start() throws IOException {
		postgres = EmbeddedPostgres.start();
		sql = new JdbcTemplate(postgres.getPostgresDatabase());
		anchorFile = Files.createTempDirectory("bastion-anchor").resolve("audit-anchor");
		environment = Map.of("SECRET_KEY", "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9", "DATABASE_URL",
				"postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres", "AUDIT_ANCHOR_FILE",
				anchorFile.toString(), "AUDIT_ANCHOR_INTERVAL", "1s");
		bastion = Launcher.start(environment);
		genesis = head();
		String name = Api.uniqueName("auditor");
		bastion.getBean(AccountManagement.class).createAdmin(name, name + "@example.org", Api.PASSWORD);
		admin = Http.json(api().login(name, Api.PASSWORD)).path("access_token").asString();
	}

	@AfterAll
	static void stop() throws IOException {
		bastion.close();
		postgres.close();
	}

	@Test
	@Order(1)
	void theGenesisHeadIsSignedOnFirstStartAndALongChainVerifiesPageByPage() {
		assertThat(genesis.id()).isZero();
		assertThat(genesis.mac()).matches("[0-9a-f]{64}");
		events(AuditTrail.PAGE + 100);
		JsonNode verified = verify("{}");
		assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
		assertThat(verified.path("checked").asLong()).isGreaterThan(AuditTrail.PAGE + 100);
		assertThat(verified.path("reason").isNull()).isTrue();
	}

	@Test
	@Order(2)
	void cuttingOffTheEndAndReplayingAnEarlierSignedHeadIsCaught() {
		events(3);
		Head earlier = head();
		events(3);
		assertThat(verify("{}").path("valid").asBoolean()).isTrue();
		attack(() -> {
			sql.update("delete from audit_events where id > ?", earlier.id());
			rewind(earlier);
			assertBroken(verify("{}"), earlier.id() + 1, "shorter_than_anchor");
		});
	}

	@Test
	@Order(3)
	void wipingTheTableAndResettingTheHeadToGenesisIsCaught() {
		events(2);
		attack(() -> {
			sql.update("delete from audit_events");
			rewind(genesis);
			assertBroken(verify("{}"), 1, "shorter_than_anchor");
		});
	}

	@Test
	@Order(4)
	void aHeadRewrittenWithoutItsMacIsCaught() {
		events(3);
		Head earlier = head();
		events(3);
		attack(() -> {
			sql.update("delete from audit_events where id > ?", earlier.id());
			sql.update("update audit_head set last_id = ?, last_hash = ? where id = 1", earlier.id(), earlier.hash());
			assertBroken(verify("{}"), earlier.id() + 1, "head_signature");
		});
		// Nothing cut off, the MAC only removed: the verification's own event, appended
		// by the server to the intact chain, signs the head again.
		sql.update("update audit_head set mac = null where id = 1");
		long length = head().id();
		assertBroken(verify("{}"), length + 1, "head_signature");
		assertThat(head().mac()).matches("[0-9a-f]{64}");
		assertThat(verify("{}").path("valid").asBoolean()).isTrue();
	}

	@Test
	@Order(5)
	void aWipedChainIsCaughtAfterARestartFromTheAnchorFile(CapturedOutput output) throws IOException {
		events(2);
		assertThat(verify("{}").path("valid").asBoolean()).isTrue();
		Head before = head();
		bastion.close();
		// Written at shutdown: owner-only, the signed head as the log prints it.
		assertThat(Files.getPosixFilePermissions(anchorFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.readString(anchorFile).strip()).isEqualTo(before.compact());
		attack(() -> {
			sql.update("delete from audit_events");
			rewind(genesis);
			bastion = Launcher.start(environment);
			assertThat(output).contains("no longer reaches the head this instance knows (id " + before.id() + ")");
			JsonNode broken = verify("{}");
			assertBroken(broken, broken.path("checked").asLong() + 1, "shorter_than_anchor");
		});
		assertThat(verify("{}").path("valid").asBoolean()).isTrue();
	}

	@Test
	@Order(6)
	void anAnchorFromTheLogCatchesATruncationNothingElseRemembers(CapturedOutput output) throws IOException {
		events(3);
		Head earlier = head();
		events(3);
		String logged = loggedAnchor(output, head());
		bastion.close();
		attack(() -> {
			// The attacker also removed the anchor file: a fresh process has nothing to
			// compare with, but the operator has the head from the log archive.
			deleteAnchorFile();
			sql.update("delete from audit_events where id > ?", earlier.id());
			rewind(earlier);
			bastion = Launcher.start(environment);
			// Each verification is itself an event: the chain grows by one each time.
			assertBroken(verify("{\"anchor\": \"" + logged + "\"}"), earlier.id() + 1, "shorter_than_anchor");
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			assertThat(cli(out, "verify-audit", "--anchor", logged)).isEqualTo(3);
			assertThat(out.toString(StandardCharsets.UTF_8))
				.contains("Audit chain BROKEN at event " + (earlier.id() + 2) + " (shorter_than_anchor");
			assertThat(verify("{}").path("valid").asBoolean()).as("nothing else remembers the cut-off end").isTrue();
			assertProblem(api().post("/api/v1/admin/audit/verify", admin, "{\"anchor\": \"12:not-a-head\"}"), 400,
					"VALIDATION_ERROR");
			String forged = logged.substring(0, logged.length() - 4) + "0000";
			assertProblem(api().post("/api/v1/admin/audit/verify", admin, "{\"anchor\": \"" + forged + "\"}"), 400,
					"VALIDATION_ERROR");
		});
		// Back as it was; the restarted process remembers the rewound head, so start
		// afresh.
		bastion.close();
		deleteAnchorFile();
		bastion = Launcher.start(environment);
		assertThat(verify("{\"anchor\": \"" + logged + "\"}").path("valid").asBoolean()).isTrue();
	}

	static Api api() {
		return new Api(Launcher.port(bastion));
	}

	static JsonNode verify(String body) {
		return Http.json(api().post("/api/v1/admin/audit/verify", admin, body));
	}

	static void assertBroken(JsonNode result, long firstBrokenId, String reason) {
		assertThat(result.path("valid").asBoolean()).as(result.toString()).isFalse();
		assertThat(result.path("reason").asString()).as(result.toString()).isEqualTo(reason);
		assertThat(result.path("first_broken_id").asLong()).as(result.toString()).isEqualTo(firstBrokenId);
		assertThat(result.path("checked").asLong()).as(result.toString()).isEqualTo(firstBrokenId - 1);
	}

	/** Security events through the running server's own audit listener. */
	static void events(int count) {
		for (int i = 0; i < count; i++) {
			bastion.publishEvent(new AdminAction(null, "test-event", "row " + i));
		}
	}

	static Head head() {
		return sql.queryForObject("select last_id, last_hash, mac from audit_head where id = 1",
				(row, number) -> new Head(row.getLong("last_id"), row.getString("last_hash"), row.getString("mac")));
	}

	/**
	 * Sets the head to one seen before, MAC and all, as a copy from an old backup would.
	 */
	static void rewind(Head head) {
		sql.update("update audit_head set last_id = ?, last_hash = ?, mac = ? where id = 1", head.id(), head.hash(),
				head.mac());
	}

	/**
	 * Runs an attack on a copy-protected table: whatever the attack and the server do to
	 * {@code audit_events} and {@code audit_head}, they are put back afterwards.
	 */
	static void attack(Runnable attack) {
		sql.execute("create table audit_events_kept as select * from audit_events");
		sql.execute("create table audit_head_kept as select * from audit_head");
		try {
			attack.run();
		}
		finally {
			new TransactionTemplate(new DataSourceTransactionManager(postgres.getPostgresDatabase()))
				.executeWithoutResult((status) -> {
					sql.update("delete from audit_events");
					sql.update("insert into audit_events select * from audit_events_kept");
					sql.update("update audit_head set (last_id, last_hash, mac) = "
							+ "(select last_id, last_hash, mac from audit_head_kept) where id = 1");
					sql.execute("drop table audit_events_kept");
					sql.execute("drop table audit_head_kept");
				});
		}
	}

	/** The anchor the server logged for {@code head}, waiting for the next interval. */
	static String loggedAnchor(CapturedOutput output, Head head) {
		return await("an anchor for head " + head.id() + " logged").atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> loggedAnchorLine(output, head), Objects::nonNull);
	}

	private static @Nullable String loggedAnchorLine(CapturedOutput output, Head head) {
		Matcher logged = LOGGED_ANCHOR.matcher(output.getOut());
		while (logged.find()) {
			if (Long.parseLong(logged.group(1)) == head.id()) {
				assertThat(logged.group(2)).isEqualTo(head.hash());
				return logged.group(1) + ":" + logged.group(2) + ":" + logged.group(3);
			}
		}
		return null;
	}

	static void deleteAnchorFile() {
		try {
			Files.deleteIfExists(anchorFile);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static int cli(ByteArrayOutputStream out, String... args) {
		Map<String, String> cliEnvironment = Map.of("DATABASE_URL", environment.get("DATABASE_URL"), "SECRET_KEY",
				environment.get("SECRET_KEY"), "AUDIT_ANCHOR_FILE", anchorFile + ".cli");
		cliEnvironment.forEach(System::setProperty);
		try {
			PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
			return new AdminCommandLine(BastionApplication.class, new ByteArrayInputStream(new byte[0]), print, print)
				.run(args);
		}
		finally {
			cliEnvironment.keySet().forEach(System::clearProperty);
		}
	}

	record Head(long id, String hash, String mac) {

		String compact() {
			return this.id + ":" + this.hash + ":" + this.mac;
		}

	}

}
