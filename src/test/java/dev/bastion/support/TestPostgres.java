package dev.bastion.support;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL from embedded binaries, for running a contract test's H2 suite again
 * on PostgreSQL: started, and the application's data source pointed at it.
 */
public final class TestPostgres {

	private TestPostgres() {
	}

	/** Starts one; the caller closes it when its tests are done. */
	public static EmbeddedPostgres startFor(DynamicPropertyRegistry registry) throws IOException {
		EmbeddedPostgres postgres = EmbeddedPostgres.start();
		registry.add("spring.datasource.url", () -> "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
		return postgres;
	}

}
