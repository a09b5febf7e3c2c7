package dev.bastion.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL from embedded binaries, for running a contract test's H2 suite again
 * on PostgreSQL: started, and the application's data source pointed at it.
 */
public final class TestPostgres {

	private static final AtomicInteger databases = new AtomicInteger();

	private static @Nullable EmbeddedPostgres shared;

	private TestPostgres() {
	}

	/**
	 * A new, empty database on the test JVM's one shared PostgreSQL, and the
	 * application's data source pointed at it. The server is started once (about as long
	 * as a context start) and stops when the JVM exits, so it outlives the contexts that
	 * use it: a class that stopped its own server in {@code @AfterAll} left its context
	 * (closed later, by {@code @DirtiesContext}) waiting Hikari's 30-second connection
	 * timeout for the audit anchor it writes on shutdown.
	 */
	public static synchronized void freshDatabaseFor(DynamicPropertyRegistry registry) {
		EmbeddedPostgres server = server();
		String name = createDatabase(server);
		registry.add("spring.datasource.url", () -> server.getJdbcUrl("postgres", name));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
	}

	/**
	 * A new, empty database on the shared PostgreSQL, as the {@code DATABASE_URL} an
	 * operator sets ({@code postgres://user:password@host:port/name}), for servers
	 * started from environment variables; see {@link #freshDatabaseFor} for why the
	 * server is shared.
	 */
	public static synchronized String freshDatabaseUrl() {
		EmbeddedPostgres server = server();
		return "postgres://postgres:postgres@localhost:" + server.getPort() + "/" + createDatabase(server);
	}

	private static String createDatabase(EmbeddedPostgres server) {
		String name = "bastion_" + databases.incrementAndGet();
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
		return name;
	}

	private static EmbeddedPostgres server() {
		EmbeddedPostgres server = shared;
		if (server == null) {
			try {
				// zonky's shutdown hook stops it when the JVM exits.
				server = EmbeddedPostgres.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			shared = server;
		}
		return server;
	}

}
