package dev.bastion.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;

import dev.bastion.support.StartupCheck;

/**
 * The edge's settings that refuse the start, each naming its variable: CORS, the public
 * address, the trusted proxies, the redirect port and the request size.
 */
class WebSettingsTests {

	private static final StartupCheck WEB = StartupCheck.of(WebConfiguration.class, Server.class)
		.creating("trustedProxyFilter", "httpRedirectConnector");

	@Test
	void wildcardCorsWithCredentialsIsRefusedInAnyMode() {
		WEB.assertRefused("ALLOWED_ORIGINS is '*' while CORS_ALLOW_CREDENTIALS is true", "ALLOWED_ORIGINS=*",
				"CORS_ALLOW_CREDENTIALS=true");
		WEB.inProduction()
			.assertRefused("ALLOWED_ORIGINS is '*' while CORS_ALLOW_CREDENTIALS is true",
					"ALLOWED_ORIGINS=https://a.example, *", "CORS_ALLOW_CREDENTIALS=true");
	}

	@Test
	void aPublicUrlWithoutHostIsRefused() {
		WEB.inProduction()
			.assertRefused("PUBLIC_URL is not an absolute URL with a host name", "PUBLIC_URL=bastion.example.org");
	}

	@Test
	void trustedProxiesThatAreNotAddressesOrBlocksAreRefused() {
		WEB.assertRefused("TRUSTED_PROXIES contains an entry that is not an IP or CIDR",
				"TRUSTED_PROXIES=10.0.0.0/8,proxy.internal");
		WEB.assertRefused("TRUSTED_PROXIES contains an entry that is not an IP or CIDR", "TRUSTED_PROXIES=10.0.0.0/33");
	}

	@Test
	void aRedirectPortWithoutBuiltInTlsIsRefused() {
		WEB.assertRefused("HTTP_PORT is set but Bastion does not terminate TLS", "HTTP_PORT=8081");
	}

	@Test
	void aRedirectPortThatIsNoPortIsRefused() {
		WEB.assertRefused("HTTP_PORT must be between 1 and 65535", "HTTP_PORT=0");
		WEB.assertRefused("HTTP_PORT must be between 1 and 65535", "HTTP_PORT=65536");
	}

	@Test
	void aRequestSizeOfNothingIsRefused() {
		WEB.assertRefused("MAX_REQUEST_SIZE must be greater than 0", "MAX_REQUEST_SIZE=0B");
		WEB.assertRefused("MAX_REQUEST_SIZE must be greater than 0", "MAX_REQUEST_SIZE=-1KB");
		WEB.assertStarts("MAX_REQUEST_SIZE=1B");
		WEB.assertRefused("REQUEST_BODY_TIMEOUT must be longer than or equal to 1 second", "REQUEST_BODY_TIMEOUT=0s");
		WEB.assertStarts("REQUEST_BODY_TIMEOUT=1s");
	}

	@Test
	void theDefaultsPass() {
		WEB.assertStarts();
		WEB.inProduction().assertStarts("TRUSTED_PROXIES=10.0.0.0/8,::1", "ALLOWED_ORIGINS=https://a.example");
	}

	@EnableConfigurationProperties(ServerProperties.class)
	static class Server {

	}

}
