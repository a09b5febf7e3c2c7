package dev.bastion.health;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.annotation.Autowired;

import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probes on the main port; Prometheus metrics only on the management port, on loopback.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ManagementIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Environment environment;

	@Test
	void livenessAndReadinessProbesAnswerOnTheMainPort() {
		for (String probe : new String[] { "/livez", "/readyz" }) {
			HttpResponse<String> response = Http.local(this.port).get(probe);
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(Http.json(response).path("status").asString()).isEqualTo("UP");
		}
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
