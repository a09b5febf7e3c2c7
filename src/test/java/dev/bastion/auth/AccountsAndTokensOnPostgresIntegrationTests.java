package dev.bastion.auth;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.TestPostgres;

/**
 * The accounts and tokens contract on a real PostgreSQL (embedded binaries).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class AccountsAndTokensOnPostgresIntegrationTests extends AccountsAndTokensContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		TestPostgres.freshDatabaseFor(registry);
	}

}
