package dev.bastion.auth.sso;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.support.FreePorts;
import dev.bastion.support.Launcher;
import dev.bastion.support.UserAgent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that cannot be reached neither keeps Bastion from starting (its discovery
 * document is read at the first sign-in) nor turns a sign-in into a 500: the login page
 * says it did not complete.
 */
class UnreachableProviderIntegrationTests {

	@Test
	void signInWhenTheProviderIsDownThenStartsAndSendsBackToTheLoginPage() throws IOException {
		int closed = FreePorts.next();
		try (ConfigurableApplicationContext bastion = Launcher.start(Map.of("OIDC_ISSUER", "http://127.0.0.1:" + closed,
				"OIDC_CLIENT_ID", "bastion", "OIDC_CLIENT_SECRET", "unused-secret"))) {
			String base = "http://localhost:" + Launcher.port(bastion);
			UserAgent browser = new UserAgent(base);

			HttpResponse<String> start = browser.get(base + "/web/sso/authorize/oidc");

			assertThat(start.statusCode()).isEqualTo(302);
			assertThat(start.headers().firstValue("Location")).hasValue("/#/login?sso=failed");
		}
	}

}
