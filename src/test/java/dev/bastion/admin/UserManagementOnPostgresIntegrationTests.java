package dev.bastion.admin;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.TestPostgres;

/**
 * Admin user management on a real PostgreSQL (embedded binaries): the V13 columns, the
 * literal search, null limits and the usage days, as on H2.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "MAX_DEVICE_TOKENS=9")
@DirtiesContext
class UserManagementOnPostgresIntegrationTests extends UserManagementIntegrationTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		TestPostgres.freshDatabaseFor(registry);
	}

}
