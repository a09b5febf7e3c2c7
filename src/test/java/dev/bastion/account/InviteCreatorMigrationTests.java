package dev.bastion.account;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration V19 on H2 and on PostgreSQL: of the invites already stored without a creator,
 * only those the audit trail shows the command line made become the operator's; the
 * others were a deleted administrator's and stay refused, as an administrator's invites
 * do.
 */
class InviteCreatorMigrationTests {

	@Test
	void invitesWithoutACreatorAreTheOperatorsOnlyWhenTheCommandLineMadeThemOnH2() {
		migrateAndCheck(new DriverManagerDataSource("jdbc:h2:mem:v19-" + UUID.randomUUID()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"));
	}

	@Test
	void invitesWithoutACreatorAreTheOperatorsOnlyWhenTheCommandLineMadeThemOnPostgres() throws IOException {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
			migrateAndCheck(postgres.getPostgresDatabase());
		}
	}

	private static void migrateAndCheck(DataSource database) {
		migrate(database, "18");
		JdbcClient jdbc = JdbcClient.create(database);
		UUID admin = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		jdbc.sql("insert into accounts (id, username, email, password_hash, role, active, totp_enabled,"
				+ " totp_last_step, tokens_valid_after, created_at, updated_at)"
				+ " values (?, 'boss', 'boss@example.org', 'x', 'ADMIN', true, false, 0, ?, ?, ?)")
			.params(admin, now, now, now)
			.update();
		UUID fromCli = invite(jdbc, null, now);
		UUID fromDeletedAdmin = invite(jdbc, null, now);
		UUID fromAdmin = invite(jdbc, admin, now);
		audit(jdbc, 1,
				"{\"email_bound\":true,\"action\":\"invite-user\",\"target\":\"" + fromCli + "\",\"via\":\"cli\"}",
				now);
		audit(jdbc, 2, "{\"email_bound\":false,\"action\":\"create-invite\",\"target\":\"" + fromDeletedAdmin
				+ "\",\"via\":\"api\"}", now);

		migrate(database, "19");

		assertThat(byOperator(jdbc, fromCli)).isTrue();
		assertThat(byOperator(jdbc, fromDeletedAdmin)).isFalse();
		assertThat(byOperator(jdbc, fromAdmin)).isFalse();
	}

	private static void migrate(DataSource database, String version) {
		Flyway.configure().dataSource(database).locations("classpath:db/migration").target(version).load().migrate();
	}

	private static UUID invite(JdbcClient jdbc, UUID createdBy, Timestamp now) {
		UUID id = UUID.randomUUID();
		jdbc.sql("insert into invites (id, code_hash, email, created_by, created_at, expires_at)"
				+ " values (?, ?, null, ?, ?, ?)")
			.params(id, id.toString(), createdBy, now, now)
			.update();
		return id;
	}

	private static void audit(JdbcClient jdbc, long id, String details, Timestamp now) {
		jdbc.sql("insert into audit_events (id, occurred_at, type, severity, details, previous_hash, hash)"
				+ " values (?, ?, 'ADMIN_ACTION', 'WARNING', ?, 'p', 'h')")
			.params(id, now, details)
			.update();
	}

	private static boolean byOperator(JdbcClient jdbc, UUID invite) {
		return jdbc.sql("select by_operator from invites where id = ?").param(invite).query(Boolean.class).single();
	}

}
