package dev.bastion.auth.sso;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.util.UriComponentsBuilder;

import dev.bastion.support.Launcher;
import dev.bastion.support.TestIdentityProvider;
import dev.bastion.support.UserAgent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a proxy the provider must send the browser back to {@code PUBLIC_URL}, never to
 * the address Bastion was reached at.
 */
class SsoPublicUrlIntegrationTests {

	@Test
	void signInWhenPublicUrlIsSetThenTheRedirectUriIsBuiltFromIt() {
		try (TestIdentityProvider provider = TestIdentityProvider.start();
				ConfigurableApplicationContext bastion = Launcher.start(Map.of("OIDC_ISSUER", provider.issuer(),
						"OIDC_CLIENT_ID", TestIdentityProvider.CLIENT_ID, "OIDC_CLIENT_SECRET",
						TestIdentityProvider.CLIENT_SECRET, "PUBLIC_URL", "https://bastion.example.org"))) {
			String base = "http://localhost:" + Launcher.port(bastion);
			UserAgent browser = new UserAgent(base);

			String authorize = browser.location(browser.get(base + "/web/sso/authorize/oidc"));

			assertThat(authorize).startsWith(provider.issuer() + "/oauth2/authorize?");
			assertThat(UriComponentsBuilder.fromUriString(authorize).build().getQueryParams().getFirst("redirect_uri"))
				.isEqualTo("https://bastion.example.org/web/sso/callback/oidc");
		}
	}

}
