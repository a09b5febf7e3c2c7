package dev.bastion.system;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.bastion.support.Http;
import dev.bastion.support.Launcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production mode on a real PostgreSQL (embedded binaries started by the test), selected
 * by a {@code postgres://} DATABASE_URL as an operator would write it.
 */
class PostgresIntegrationTests {

	static EmbeddedPostgres postgres;

	static ConfigurableApplicationContext bastion;

	@BeforeAll
	static void start() throws IOException {
		postgres = EmbeddedPostgres.start();
		bastion = Launcher.start(Map.of("SECRET_KEY", "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9", "TRUSTED_PROXIES",
				"127.0.0.1", "PUBLIC_URL", "https://localhost", "DATABASE_URL",
				"postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres"), "production");
	}

	@AfterAll
	static void stop() throws IOException {
		bastion.close();
		postgres.close();
	}

	@Test
	void runsOnPostgresWithTheSameMigrations() throws SQLException {
		DataSource dataSource = bastion.getBean(DataSource.class);
		try (Connection connection = dataSource.getConnection()) {
			assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
			assertThat(connection.getMetaData().getURL())
				.startsWith("jdbc:postgresql://localhost:" + postgres.getPort());
		}
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where not success", Integer.class))
			.isZero();
		HttpResponse<String> health = Http.local(Launcher.port(bastion))
			.get("/api/v1/health", "X-Forwarded-Proto", "https");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(Http.json(health).path("database").asString()).isEqualTo("UP");
	}

}
