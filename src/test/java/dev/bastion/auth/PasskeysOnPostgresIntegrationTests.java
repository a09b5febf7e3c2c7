package dev.bastion.auth;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.FreePorts;
import dev.bastion.support.TestPostgres;

/**
 * The passkeys contract on a real PostgreSQL (embedded binaries): Spring Security's JDBC
 * credential store writes bytea and timestamps there, and the counter rule is one
 * conditional update.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@DirtiesContext
class PasskeysOnPostgresIntegrationTests extends PasskeysContract {

	static final int PORT = FreePorts.next();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		TestPostgres.freshDatabaseFor(registry);
		publicUrl(registry, PORT);
	}

	@Override
	int port() {
		return PORT;
	}

}
