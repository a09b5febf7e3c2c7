package dev.bastion.backup;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;

import dev.bastion.support.Launcher;
import dev.bastion.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code BACKUP_DIR} with a two-second schedule, two instances on one PostgreSQL writing
 * to one directory: every scheduled time is written once, by one instance, as an
 * encrypted backup that opens with {@code BACKUP_KEY}; only the newest
 * {@code BACKUP_KEEP} stay; each success is an {@code INFO} event. When the directory
 * cannot be written, the failure is a {@code CRITICAL} event that reaches the alert
 * webhook.
 */
class ScheduledBackupsIntegrationTests {

	static final String SECRET_KEY = "7c1e9a5f3b8d2064ce1a7f3b9d5e2c8a0f6b4d1e";

	static final String BACKUP_KEY = "2d8f4b6a0c9e1f7d3b5a8c2e6f0d4a9b1c7e3f5a";

	@TempDir
	Path backups;

	@Test
	void everyScheduledTimeIsWrittenOnceTheNewestAreKeptAndAFailureAlerts() throws Exception {
		BlockingQueue<JsonNode> alerts = new LinkedBlockingQueue<>();
		HttpServer receiver = webhook(alerts);
		Map<String, String> environment = Map.of("DATABASE_URL", TestPostgres.freshDatabaseUrl(), "SECRET_KEY",
				SECRET_KEY, "BACKUP_KEY", BACKUP_KEY, "BACKUP_DIR", this.backups.toString(), "BACKUP_SCHEDULE", "2s",
				"BACKUP_KEEP", "2", "ALERT_WEBHOOK_URL",
				"http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
		try (ConfigurableApplicationContext first = Launcher.start(environment);
				ConfigurableApplicationContext second = Launcher.start(environment)) {
			JdbcClient jdbc = first.getBean(JdbcClient.class);
			await(() -> written(jdbc) >= 4, "four scheduled backups");

			List<Map<String, Object>> runs = jdbc
				.sql("select slot, instance, status, file_name from backup_runs order by slot")
				.query()
				.listOfRows();
			assertThat(runs.stream().map((run) -> run.get("instance")).distinct())
				.as("both instances took part, each time claimed once")
				.hasSizeBetween(1, 2);
			assertThat(events(jdbc, "BACKUP_WRITTEN")).as("one event per backup written").isEqualTo(written(jdbc));
			List<String> newest = jdbc
				.sql("select file_name from backup_runs where status = 'written' order by slot desc limit 2")
				.query(String.class)
				.list();
			await(() -> names().equals(newest.stream().sorted().toList()), "only the two newest kept");
			for (String name : newest) {
				BackupFile.Contents contents = BackupFile.verify(this.backups.resolve(name), key());
				assertThat(contents.rows()).isPositive();
				assertThat(contents.header().database()).isEqualTo("PostgreSQL");
			}

			Path directory = this.backups;
			deleteAll(directory);
			Files.writeString(directory, "not a directory any more");
			JsonNode alert = alerts.poll(30, TimeUnit.SECONDS);
			assertThat(alert).as("an alert for the failed backup").isNotNull();
			assertThat(alert.path("type").asString()).isEqualTo("BACKUP_FAILED");
			assertThat(alert.path("severity").asString()).isEqualTo("CRITICAL");
			assertThat(alert.path("details").path("reason").asString()).contains("could not be written");
			assertThat(jdbc.sql("select count(*) from backup_runs where status = 'failed'").query(Long.class).single())
				.isPositive();
			Files.delete(directory);
		}
		finally {
			receiver.stop(0);
		}
	}

	private List<String> names() {
		try (Stream<Path> files = Files.list(this.backups)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	private static long written(JdbcClient jdbc) {
		return jdbc.sql("select count(*) from backup_runs where status = 'written'").query(Long.class).single();
	}

	private static long events(JdbcClient jdbc, String type) {
		return jdbc.sql("select count(*) from audit_events where type = ?").param(type).query(Long.class).single();
	}

	private static BackupKey key() {
		Environment environment = new MockEnvironment().withProperty("bastion.backup.key", BACKUP_KEY)
			.withProperty("bastion.secrets.secret-key", SECRET_KEY)
			.withProperty("bastion.secrets.allow-generated", "false")
			.withProperty("bastion.secrets.generated-key-file", "unused");
		return BackupKey.fromEnvironment(environment);
	}

	private static void deleteAll(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(directory);
	}

	private static HttpServer webhook(BlockingQueue<JsonNode> alerts) throws IOException {
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		JsonMapper json = JsonMapper.builder().build();
		receiver.createContext("/alerts", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				alerts.add(json.readTree(new String(body.readAllBytes(), StandardCharsets.UTF_8)));
			}
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		return receiver;
	}

	private static void await(BooleanSupplier condition, String what) {
		Awaitility.await(what)
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(condition::getAsBoolean);
	}

}
