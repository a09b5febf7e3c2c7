package dev.bastion.ratelimit;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registration flood from many addresses (each within its own limit, as from a botnet)
 * meets one bucket for everyone: registrations beyond it are refused with 429 for
 * everyone, while every other endpoint is unaffected.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "TRUSTED_PROXIES=127.0.0.1", "RATE_LIMIT_REGISTER_GLOBAL=4/1m" })
class RegistrationLimitIntegrationTests {

	static final AtomicInteger clients = new AtomicInteger(1);

	@LocalServerPort
	int port;

	/** The ports of the instances that share the global bucket. */
	List<Integer> instances() {
		return List.of(this.port);
	}

	static String newClient() {
		int n = clients.getAndIncrement();
		return "203.0." + (n / 250) + "." + (n % 250 + 1);
	}

	@Test
	void theGlobalRegistrationBucketLimitsRegistrationsFromManyAddresses() {
		List<Integer> ports = instances();
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> allowed = register(ports.get(i % ports.size()));
			assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(201);
			assertThat(allowed.headers().firstValue("RateLimit-Policy")).hasValue("\"register-global\";q=4;w=60");
			assertThat(allowed.headers().firstValue("RateLimit").orElseThrow())
				.startsWith("\"register-global\";r=" + (3 - i) + ";");
		}
		for (int port : ports) {
			HttpResponse<String> refused = register(port);
			JsonNode problem = assertProblem(refused, 429, "RATE_LIMIT_EXCEEDED");
			assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"register-global\";q=4;w=60");
			long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
			assertThat(retryAfter).isBetween(1L, 15L);
			assertThat(problem.path("retry_after").asLong()).isEqualTo(retryAfter);
			assertProblem(Http.local(port)
				.postJson("/api/v1/auth/login",
						"{\"username\": \"" + Api.uniqueName("nobody") + "\", \"password\": \"guess-guess-1\"}",
						"X-Forwarded-For", newClient()),
					401, "INVALID_CREDENTIALS");
		}
	}

	static HttpResponse<String> register(int port) {
		String username = Api.uniqueName("crowd");
		return Http.local(port)
			.postJson(
					"/api/v1/auth/register", "{\"username\": \"" + username + "\", \"email\": \"" + username
							+ "@example.org\", \"password\": \"" + Api.PASSWORD + "\"}",
					"X-Forwarded-For", newClient());
	}

}
