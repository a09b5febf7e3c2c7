package dev.bastion.system;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.audit.AuditTrail;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;
import dev.bastion.support.Totp;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Release 0.1.0's database, with its data, upgraded by starting today's service on it, on
 * PostgreSQL and on an H2 file: every migration since applies, and what 0.1.0's users had
 * still works: the password and second factor, the login they were in (its refresh
 * token), their API key, their encrypted history, and an audit chain that verifies.
 */
class UpgradeFromPreviousReleaseIntegrationTests {

	@TempDir
	Path data;

	@Test
	void upgradeOnPostgresqlKeepsLoginsHistoryAndTheAuditChain() throws IOException {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
			PreviousRelease release = PreviousRelease.plant(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
					"postgres");
			upgradeAndCheck(release,
					"postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres?sslmode=disable");
		}
	}

	@Test
	void upgradeOnAnH2FileKeepsLoginsHistoryAndTheAuditChain() {
		String url = "jdbc:h2:file:" + this.data.resolve("bastion")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
		upgradeAndCheck(PreviousRelease.plant(url, "bastion", ""), url);
	}

	private void upgradeAndCheck(PreviousRelease release, String databaseUrl) {
		try (ConfigurableApplicationContext bastion = Launcher
			.start(Map.of("DATABASE_URL", databaseUrl, "SECRET_KEY", PreviousRelease.SECRET_KEY, "CHAT_HISTORY",
					"encrypted", "CHAT_HISTORY_KEY", PreviousRelease.HISTORY_KEY, "AUDIT_ANCHOR_FILE",
					this.data.resolve("anchor").toString(), "DATA_DIR", this.data.toString()))) {
			assertEveryMigrationApplied(bastion.getBean(Flyway.class).info());
			Api api = new Api(Launcher.port(bastion));
			assertProblem(api.login(PreviousRelease.USERNAME, PreviousRelease.PASSWORD, "totp_code", "000000"), 401,
					"INVALID_CREDENTIALS");
			HttpResponse<String> login = api.login(PreviousRelease.USERNAME, PreviousRelease.PASSWORD, "totp_code",
					Totp.code(PreviousRelease.TOTP_SECRET, 0));
			assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
			String token = Http.json(login).path("access_token").asString();
			assertThat(Http.json(login).path("user").path("role").asString()).isEqualTo("ADMIN");
			assertHistoryReads(api, token, release);
			HttpResponse<String> refreshed = api.refresh(PreviousRelease.REFRESH_TOKEN);
			assertThat(refreshed.statusCode()).as("the login 0.1.0 issued goes on: " + refreshed.body()).isEqualTo(200);
			HttpResponse<String> models = api.http()
				.get("/v1/models", "Authorization", "Bearer " + PreviousRelease.API_KEY);
			assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
			AuditTrail.Verification audit = bastion.getBean(AuditTrail.class).verify();
			assertThat(audit.valid()).as(String.valueOf(audit.reason())).isTrue();
			assertThat(audit.checked()).isGreaterThan(PreviousRelease.AUDIT_EVENTS);
			assertStoredSecretsRebound(bastion.getBean(JdbcClient.class), release);
		}
	}

	private static void assertEveryMigrationApplied(MigrationInfoService info) {
		assertThat(info.pending()).isEmpty();
		assertThat(info.all()).isNotEmpty()
			.allSatisfy((migration) -> assertThat(migration.getState()).as(migration.getVersion().toString())
				.isEqualTo(MigrationState.SUCCESS));
		MigrationInfo latest = Arrays.stream(info.all())
			.max(Comparator.comparing(MigrationInfo::getVersion))
			.orElseThrow();
		assertThat(info.current().getVersion()).isEqualTo(latest.getVersion());
		assertThat(Arrays.stream(info.applied()).map((migration) -> migration.getVersion().getVersion()))
			.as("0.1.0's four, then every one since")
			.startsWith("1", "2", "3", "4")
			.contains("5", "6", "8", "9", "10", "11");
	}

	private static void assertHistoryReads(Api api, String token, PreviousRelease release) {
		HttpResponse<String> sessions = api.get("/api/v1/sessions", token);
		assertThat(sessions.statusCode()).as(sessions.body()).isEqualTo(200);
		assertThat(Http.json(sessions).path("sessions").get(0).path("title").asString()).isEqualTo("Release notes");
		HttpResponse<String> read = api.get("/api/v1/sessions/" + release.conversation + "/messages", token);
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		JsonNode transcript = Http.json(read);
		assertThat(transcript.path("unreadable").asInt()).isZero();
		assertThat(transcript.path("messages").get(0).path("content").asString()).isEqualTo(PreviousRelease.QUESTION);
		assertThat(transcript.path("messages").get(1).path("content").asString()).isEqualTo(PreviousRelease.ANSWER);
	}

	/**
	 * Migration V8 re-encrypted 0.1.0's TOTP secret and signing key bound to their row.
	 */
	private static void assertStoredSecretsRebound(JdbcClient jdbc, PreviousRelease release) {
		assertThat(jdbc.sql("select totp_secret from accounts where id = ?")
			.param(release.account)
			.query(String.class)
			.single()).startsWith("v2:");
		assertThat(jdbc.sql("select private_key_encrypted from signing_keys").query(String.class).list())
			.allMatch((value) -> value.startsWith("v2:"));
		assertThat(jdbc.sql("select count(*) from password_reset_tokens").query(Long.class).single())
			.as("0.1.0's reset links are dropped by V6")
			.isZero();
	}

}
