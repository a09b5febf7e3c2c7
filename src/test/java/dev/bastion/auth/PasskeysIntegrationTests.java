package dev.bastion.auth;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.FreePorts;

/**
 * The passkeys contract on the default database (H2).
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
class PasskeysIntegrationTests extends PasskeysContract {

	static final int PORT = FreePorts.next();

	@DynamicPropertySource
	static void publicUrl(DynamicPropertyRegistry registry) {
		publicUrl(registry, PORT);
	}

	@Override
	int port() {
		return PORT;
	}

}
