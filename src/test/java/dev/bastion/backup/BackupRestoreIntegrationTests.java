package dev.bastion.backup;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.support.FreePorts;
import dev.bastion.support.AdminCli;
import dev.bastion.support.Api;
import dev.bastion.support.BastionProcess;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;
import dev.bastion.support.TestPostgres;
import dev.bastion.support.Totp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code admin backup} of a running Bastion on the embedded H2 database (in a JVM of its
 * own, holding the file, while a client keeps logging in), with users, an API key, TOTP
 * with recovery codes, encrypted history and audit rows; {@code admin restore} of it into
 * a fresh H2 database and into a fresh PostgreSQL; a server started on each logs in with
 * TOTP and a recovery code, serves the API key and the history, and verifies the audit
 * chain. A changed byte, a wrong key, a non-empty target and a backup key that is
 * {@code SECRET_KEY} are refused with a clear message and nothing written.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIntegrationTests {

	static final String SECRET_KEY = "5b2e8c1f7a4d9036e1b8c5f2a7d4e9013c6b8f2a";

	static final String HISTORY_KEY = "history-key-for-backups-0123456789abcdef";

	static final String BACKUP_KEY = "0f3a9c7e1b5d2846af0c3e7b9d1f5a2c8e4b6d0a";

	static final String ADMIN_PASSWORD = "granite-willow-comet-85";

	static final String PRIVATE_TEXT = "The tide tables for Quay 7";

	@TempDir
	static Path work;

	static BastionProcess source;

	static Path backup;

	static String alice;

	static String totpSecret;

	static List<String> recoveryCodes = new ArrayList<>();

	static String apiKey;

	static UUID conversation;

	/** The source's anchor file once it moved past the backup. */
	static Path laterAnchor;

	@BeforeAll
	static void backUpARunningInstance() throws Exception {
		Path data = Files.createDirectories(work.resolve("source"));
		int port = FreePorts.next();
		Map<String, String> environment = sourceEnvironment(data, port);
		Path log = work.resolve("source.log");
		Path password = Files.writeString(work.resolve("admin-password"), ADMIN_PASSWORD + "\n");
		// In this JVM: a JVM of its own for the command would cost one more start.
		AdminCli.Result created = AdminCli.run(cli(data, h2(data)), "create-admin", "root", "root@example.org",
				"--password-file", password.toString());
		assertThat(created.status()).as(created.toString()).isZero();
		source = BastionProcess.start(environment, log);
		source.awaitReady(port, Duration.ofMinutes(5));
		Api api = new Api(port);
		populate(api);

		// A client keeps logging in (each login a token family and an audit row) while
		// the backup is taken: the snapshot must still be one consistent state.
		AtomicBoolean loading = new AtomicBoolean(true);
		AtomicInteger logins = new AtomicInteger();
		String bob = Api.uniqueName("bob");
		api.register(bob);
		Thread load = Thread.ofVirtual().start(() -> {
			while (loading.get()) {
				if (api.login(bob, Api.PASSWORD).statusCode() == 200) {
					logins.incrementAndGet();
				}
			}
		});
		// Under load a login (an argon2id hash) can take longer than the whole backup:
		// the backup starts once the writes are flowing.
		Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> logins.get() > 0);
		backup = work.resolve("bastion.backup");
		AdminCli.Result result = AdminCli.run(cli(data, h2(data)), "backup", backup.toString());
		loading.set(false);
		load.join();
		assertThat(result.status()).as(result.toString()).isZero();
		assertThat(result.out()).contains("Backup written to " + backup + " by the running service");
		assertThat(Files.getPosixFilePermissions(backup)).hasToString("[OWNER_READ, OWNER_WRITE]");
		laterAnchor = anchorAfterBackup(api, data);
	}

	static void populate(Api api) {
		JsonNode login = api.newUser("alice");
		alice = login.path("user").path("username").asString();
		String token = login.path("access_token").asString();
		apiKey = api.createApiKey(token, "laptop");
		HttpResponse<String> setup = api.post("/api/v1/auth/totp/setup", token,
				"{\"password\": \"" + Api.PASSWORD + "\"}");
		totpSecret = Http.json(setup).path("secret").asString();
		HttpResponse<String> confirm = api.post("/api/v1/auth/totp/confirm", token,
				"{\"totp_code\": \"" + Totp.code(totpSecret, -1) + "\"}");
		assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
		Http.json(confirm).path("recovery_codes").forEach((code) -> recoveryCodes.add(code.asString()));
		HttpResponse<String> chat = api.post("/api/v1/chat", token, "{\"message\": \"" + PRIVATE_TEXT + "\"}");
		assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
		conversation = UUID.fromString(Http.json(chat).path("session_id").asString());
	}

	/**
	 * One more event after the backup, and the source's anchor file once it holds it: a
	 * head the backup's chain never reaches.
	 */
	static Path anchorAfterBackup(Api api, Path data) throws Exception {
		String admin = Http.json(api.login("root", ADMIN_PASSWORD)).path("access_token").asString();
		long newest = Http.json(api.get("/api/v1/admin/security-events?size=1", admin))
			.path("events")
			.get(0)
			.path("id")
			.asLong();
		Path anchor = data.resolve("audit-anchor");
		Awaitility.await("the anchor file reaching event " + newest)
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> Files.exists(anchor) && Long.parseLong(Files.readString(anchor).split(":")[0]) >= newest);
		return Files.copy(anchor, work.resolve("later-anchor"));
	}

	@AfterAll
	static void stop() {
		if (source != null) {
			source.close();
		}
	}

	@Test
	@Order(1)
	void restoredIntoAFreshH2DatabaseEverythingWorks() {
		Path target = work.resolve("restored-h2");
		AdminCli.Result result = AdminCli.run(cli(target, h2(target)), "restore", backup.toString());
		assertThat(result.status()).as(result.toString()).isZero();
		assertThat(result.out()).contains("Restored " + backup)
			.contains("Audit chain intact")
			.contains("is undone: logouts, revoked tokens and keys, signing-key rotations, password changes")
			.contains("run rotate-signing-key --compromised and revoke-tokens now");
		try (ConfigurableApplicationContext restored = Launcher.start(server(target, h2(target)))) {
			checkRestored(new Api(Launcher.port(restored)));
		}
	}

	@Test
	@Order(2)
	void restoredIntoPostgresqlEverythingWorksAndALaterAnchorIsSetAside() throws IOException {
		String url = TestPostgres.freshDatabaseUrl();
		Path target = Files.createDirectories(work.resolve("restored-pg"));
		Path anchor = Files.copy(laterAnchor, target.resolve("audit-anchor"));
		AdminCli.Result result = AdminCli.run(cli(target, url), "restore", backup.toString());
		assertThat(result.status()).as(result.toString()).isZero();
		assertThat(result.out()).contains("Audit chain intact").contains("set aside as " + anchor + ".before-restore-");
		try (Stream<Path> files = Files.list(target)) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.anyMatch((name) -> name.startsWith("audit-anchor.before-restore-"));
		}
		assertThat(anchorId(anchor)).as("the anchor now follows the restored chain").isLessThan(anchorId(laterAnchor));
		try (ConfigurableApplicationContext restored = Launcher.start(server(target, url))) {
			checkRestored(new Api(Launcher.port(restored)));
		}
	}

	@Test
	@Order(3)
	void aBackupWithOneChangedByteIsRefusedAndNothingIsWritten() throws IOException {
		byte[] bytes = Files.readAllBytes(backup);
		bytes[bytes.length / 2] ^= 0x01;
		Path tampered = Files.write(work.resolve("tampered.backup"), bytes);
		Path target = work.resolve("tampered-target");
		AdminCli.Result result = AdminCli.run(cli(target, h2(target)), "restore", tampered.toString());
		assertThat(result.status()).as(result.toString()).isEqualTo(1);
		assertThat(result.err()).startsWith("Nothing was restored: It is damaged or was altered (part ");
		assertThat(target.resolve("bastion.mv.db")).doesNotExist();
	}

	@Test
	@Order(4)
	void aWrongBackupKeyIsRefusedAndNothingIsWritten() {
		Path target = work.resolve("wrong-key-target");
		Map<String, String> settings = new HashMap<>(cli(target, h2(target)));
		settings.put("BACKUP_KEY", "9e7c5a3f1d8b6e4c2a0f9d7b5e3c1a8f6d4b2e0c");
		AdminCli.Result result = AdminCli.run(settings, "restore", backup.toString());
		assertThat(result.status()).as(result.toString()).isEqualTo(1);
		assertThat(result.err()).startsWith("Nothing was restored: BACKUP_KEY does not open it");
		assertThat(target.resolve("bastion.mv.db")).doesNotExist();
	}

	@Test
	@Order(5)
	void aDatabaseThatIsNotEmptyIsRefused() {
		Path target = work.resolve("restored-h2");
		AdminCli.Result result = AdminCli.run(cli(target, h2(target)), "restore", backup.toString());
		assertThat(result.status()).as(result.toString()).isEqualTo(1);
		assertThat(result.err()).startsWith("Nothing was restored: The database is not empty");
	}

	@Test
	@Order(6)
	void aBackupKeyThatIsAnotherSecretOrShortIsRefused() {
		Path target = work.resolve("restored-h2");
		Map<String, String> settings = new HashMap<>(cli(target, h2(target)));
		settings.put("BACKUP_KEY", SECRET_KEY);
		AdminCli.Result same = AdminCli.run(settings, "backup", work.resolve("never.backup").toString());
		assertThat(same.status()).as(same.toString()).isEqualTo(1);
		assertThat(same.err()).startsWith("No backup was written: BACKUP_KEY is the same as SECRET_KEY");
		settings.put("BACKUP_KEY", "too-short-9f3a");
		AdminCli.Result shortKey = AdminCli.run(settings, "backup", work.resolve("never.backup").toString());
		assertThat(shortKey.err()).startsWith("No backup was written: BACKUP_KEY is shorter than 32 bytes");
		assertThat(work.resolve("never.backup")).doesNotExist();
	}

	/** Everything the backup held works on the restored server. */
	static void checkRestored(Api api) {
		HttpResponse<String> withCode = api.login(alice, Api.PASSWORD, "totp_code", Totp.code(totpSecret, 0));
		assertThat(withCode.statusCode()).as(withCode.body()).isEqualTo(200);
		HttpResponse<String> withRecovery = api.login(alice, Api.PASSWORD, "totp_code", recoveryCodes.get(0));
		assertThat(withRecovery.statusCode()).as(withRecovery.body()).isEqualTo(200);
		assertThat(api.get("/v1/models", apiKey).statusCode()).as("the API key").isEqualTo(200);
		String token = Http.json(withCode).path("access_token").asString();
		JsonNode transcript = Http.json(api.get("/api/v1/sessions/" + conversation + "/messages", token));
		assertThat(transcript.path("unreadable").asInt()).isZero();
		assertThat(transcript.path("messages").get(0).path("content").asString()).isEqualTo(PRIVATE_TEXT);
		String admin = Http.json(api.login("root", ADMIN_PASSWORD)).path("access_token").asString();
		JsonNode verification = Http.json(api.post("/api/v1/admin/audit/verify", admin, "{}"));
		assertThat(verification.path("valid").asBoolean()).as(verification.toString()).isTrue();
		assertThat(verification.path("checked").asLong()).isGreaterThan(5);
	}

	static long anchorId(Path anchor) throws IOException {
		return Long.parseLong(Files.readString(anchor).split(":")[0]);
	}

	static String h2(Path data) {
		return "jdbc:h2:file:" + data.resolve("bastion")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
	}

	/** The operator's environment for the command line against {@code data}. */
	static Map<String, String> cli(Path data, String databaseUrl) {
		return Map.of("DATA_DIR", data.toString(), "DATABASE_URL", databaseUrl, "SECRET_KEY", SECRET_KEY,
				"CHAT_HISTORY_KEY", HISTORY_KEY, "BACKUP_KEY", BACKUP_KEY, "AUDIT_ANCHOR_FILE",
				data.resolve("audit-anchor").toString());
	}

	static Map<String, String> server(Path data, String databaseUrl) {
		Map<String, String> server = new HashMap<>(cli(data, databaseUrl));
		server.remove("BACKUP_KEY");
		server.put("CHAT_HISTORY", "encrypted");
		return server;
	}

	static Map<String, String> sourceEnvironment(Path data, int port) {
		return Map.ofEntries(Map.entry("DATA_DIR", data.toString()), Map.entry("SERVER_PORT", "" + port),
				Map.entry("MANAGEMENT_PORT", "0"), Map.entry("SECRET_KEY", SECRET_KEY),
				Map.entry("CHAT_HISTORY", "encrypted"), Map.entry("CHAT_HISTORY_KEY", HISTORY_KEY),
				Map.entry("AUDIT_ANCHOR_INTERVAL", "1s"), Map.entry("RATE_LIMIT_DEFAULT", "1000000/1m"),
				Map.entry("RATE_LIMIT_LOGIN", "1000000/1m"), Map.entry("RATE_LIMIT_REGISTER", "1000000/1m"),
				Map.entry("RATE_LIMIT_CHAT", "1000000/1m"), Map.entry("BAN_AFTER_FAILED_LOGINS", "1000000"),
				Map.entry("BAN_AFTER_DISTINCT_USERNAMES", "1000000"), Map.entry("LOGIN_QUEUE_TIMEOUT", "60s"),
				Map.entry("LOG_FORMAT", "text"));
	}

}
