package dev.bastion.health;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;

import dev.bastion.support.Http;
import dev.bastion.support.Metrics;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probes on the main port, answered cheaply but as the actuator would; Prometheus metrics
 * only on the management port, on loopback.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ManagementIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Environment environment;

	@Autowired
	ApplicationContext context;

	@Test
	void livenessAndReadinessProbesAnswerOnTheMainPort() {
		for (String probe : new String[] { "/livez", "/readyz" }) {
			HttpResponse<String> response = Http.local(this.port).get(probe);
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(Http.json(response).path("status").asString()).isEqualTo("UP");
		}
	}

	@Test
	void probesSetNoCookieAndKeepTheEdgeHeaders() {
		for (String probe : new String[] { "/livez", "/readyz" }) {
			for (String accept : new String[] { "*/*", "application/json" }) {
				HttpResponse<String> response = Http.local(this.port).get(probe, "Accept", accept);
				assertThat(response.statusCode()).as(probe).isEqualTo(200);
				assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
				assertThat(response.headers().firstValue("Content-Type")).hasValue(
						"*/*".equals(accept) ? "application/vnd.spring-boot.actuator.v3+json" : "application/json");
				assertThat(response.headers().allValues("Set-Cookie")).as(probe + " cookies").isEmpty();
				assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
				assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
				assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
			}
		}
		assertThat(Http.local(this.port).get("/livez", "Accept", "text/html").statusCode()).isEqualTo(406);
	}

	@Test
	void readinessRefusingTrafficAnswers503OutOfServiceWhileLivenessStaysUp() {
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		try {
			for (String accept : new String[] { "*/*", "application/json" }) {
				HttpResponse<String> ready = Http.local(this.port).get("/readyz", "Accept", accept);
				assertThat(ready.statusCode()).isEqualTo(503);
				assertThat(ready.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
				assertThat(Http.local(this.port).get("/livez", "Accept", accept).statusCode()).isEqualTo(200);
			}
		}
		finally {
			AvailabilityChangeEvent.publish(this.context, ReadinessState.ACCEPTING_TRAFFIC);
		}
	}

	/**
	 * Operators' request metrics stay; Spring Security's per-filter, per-authentication
	 * and per-authorization observations (a quarter of a request's CPU) are gone.
	 */
	@Test
	void httpServerRequestMetricsStayWithoutSpringSecurityObservations() {
		assertThat(Http.local(this.port).get("/api/v1/health").statusCode()).isEqualTo(200);
		assertThat(Http.local(this.port).get("/livez").statusCode()).isEqualTo(200);
		assertThat(Metrics.value(this.managementPort, "http_server_requests_seconds_count", "uri", "/api/v1/health"))
			.isPositive();
		assertThat(Metrics.value(this.managementPort, "http_server_requests_seconds_count", "uri", "/livez"))
			.isPositive();
		HttpResponse<String> metrics = Http.local(this.managementPort).get("/actuator/prometheus");
		assertThat(metrics.body()).doesNotContain("spring_security_");
	}

	@Test
	void prometheusMetricsOnlyOnTheLoopbackManagementPort() {
		assertThat(this.environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
		HttpResponse<String> metrics = Http.local(this.managementPort).get("/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes");
		assertProblem(Http.local(this.port).get("/actuator/prometheus"), 404, "NOT_FOUND");
	}

}
