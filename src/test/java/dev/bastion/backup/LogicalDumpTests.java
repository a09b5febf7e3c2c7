package dev.bastion.backup;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dump reads every table from one snapshot while other transactions commit: a parent
 * and a child row committed after the parent table was read and before the child table is
 * read appear in neither (on H2, whose {@code REPEATABLE READ} would show the child,
 * pointing at a parent missing from the dump, this needs {@code SERIALIZABLE}).
 */
class LogicalDumpTests {

	@Test
	void onH2ACommitBetweenTwoTablesIsInNeither() throws Exception {
		DriverManagerDataSource h2 = new DriverManagerDataSource("jdbc:h2:mem:dump-" + UUID.randomUUID()
				+ ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		assertOneSnapshot(h2);
	}

	@Test
	void onPostgresqlACommitBetweenTwoTablesIsInNeither() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
			assertOneSnapshot(postgres.getPostgresDatabase());
		}
	}

	private static void assertOneSnapshot(DataSource database) throws Exception {
		try (Connection setup = database.getConnection(); Statement sql = setup.createStatement()) {
			sql.execute("create table flyway_schema_history (version varchar(50), success boolean)");
			sql.execute("insert into flyway_schema_history values ('1', true)");
			sql.execute("create table parent (id integer primary key)");
			sql.execute("create table child (id integer primary key, parent integer not null references parent (id))");
			sql.execute("insert into parent values (1)");
			sql.execute("insert into child values (1, 1)");
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new LogicalDump(commitBeforeReadingChild(database), "check", "test").write(out, Instant.now());
		List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
		try (Connection after = database.getConnection();
				Statement sql = after.createStatement();
				var count = sql.executeQuery("select count(*) from child")) {
			count.next();
			assertThat(count.getInt(1)).as("the other transaction committed during the dump").isEqualTo(2);
		}
		assertThat(rowsOf(lines, "parent")).containsExactly("[1]");
		assertThat(rowsOf(lines, "child")).as("the child committed with its parent after the parent was read")
			.containsExactly("[1,1]");
	}

	/**
	 * The database, except that the dump's query of {@code child} first lets another
	 * transaction commit a new parent and its child.
	 */
	private static DataSource commitBeforeReadingChild(DataSource database) {
		return new DriverManagerDataSource() {

			@Override
			public Connection getConnection() throws SQLException {
				Connection connection = database.getConnection();
				return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
						new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
							if (method.getName().equals("prepareStatement")
									&& "select * from child".equals(arguments[0])) {
								try (Connection other = database.getConnection();
										Statement sql = other.createStatement()) {
									sql.execute("insert into parent values (2)");
									sql.execute("insert into child values (2, 2)");
								}
							}
							try {
								return method.invoke(connection, arguments);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}

			@Override
			public PrintWriter getLogWriter() {
				return new PrintWriter(System.err);
			}

			@Override
			public Logger getParentLogger() {
				return Logger.getGlobal();
			}

		};
	}

	private static List<String> rowsOf(List<String> lines, String table) {
		List<String> rows = new ArrayList<>();
		boolean inTable = false;
		for (String line : lines) {
			if (line.startsWith("{")) {
				inTable = line.contains("\"table\":\"" + table + "\"");
			}
			else if (inTable) {
				rows.add(line);
			}
		}
		return rows;
	}

}
