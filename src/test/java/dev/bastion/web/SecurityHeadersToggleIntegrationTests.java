package dev.bastion.web;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ENABLE_SECURITY_HEADERS=false} (for a proxy that sets them itself) removes the
 * security headers but keeps the request id and the API's no-store caching.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ENABLE_SECURITY_HEADERS=false")
class SecurityHeadersToggleIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void headersOffWhenDisabled() {
		for (String path : new String[] { "/api/v1/health", "/" }) {
			HttpResponse<String> response = Http.local(this.port).get(path);
			assertThat(response.statusCode()).isEqualTo(200);
			for (String header : new String[] { "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
					"Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy",
					"Cross-Origin-Resource-Policy", "X-XSS-Protection", "Strict-Transport-Security" }) {
				assertThat(response.headers().firstValue(header)).as(header).isEmpty();
			}
			assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		}
	}

}
