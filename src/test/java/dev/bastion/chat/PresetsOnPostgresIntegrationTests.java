package dev.bastion.chat;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.TestPostgres;

/**
 * Presets on a real PostgreSQL (embedded binaries): migration V15, the per-account lock
 * and count, the unique name, the null model and temperature, the conversation's
 * remembered preset and its {@code on delete set null}, as on H2.
 */
@DirtiesContext
class PresetsOnPostgresIntegrationTests extends PresetsIntegrationTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		TestPostgres.freshDatabaseFor(registry);
	}

}
