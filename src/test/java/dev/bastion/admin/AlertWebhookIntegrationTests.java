package dev.bastion.admin;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.Api;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CRITICAL events reach ALERT_WEBHOOK_URL (a local receiver here), retried when it fails,
 * and never hold up the request that caused them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AlertWebhookIntegrationTests {

	static final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	static final AtomicInteger attempts = new AtomicInteger();

	static final CountDownLatch release = new CountDownLatch(1);

	static HttpServer receiver;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void webhook(DynamicPropertyRegistry registry) throws IOException {
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/alerts", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				String json = new String(body.readAllBytes(), StandardCharsets.UTF_8);
				// The first attempt hangs until the test has its answer, then fails: the
				// request must not wait for it, and the alert must be retried.
				if (attempts.incrementAndGet() == 1) {
					release.await(20, TimeUnit.SECONDS);
					exchange.sendResponseHeaders(500, -1);
				}
				else {
					received.add(json);
					exchange.sendResponseHeaders(204, -1);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				exchange.close();
			}
		});
		receiver.start();
		registry.add("ALERT_WEBHOOK_URL", () -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
	}

	@AfterAll
	static void stop() {
		receiver.stop(0);
	}

	@Test
	void criticalEventIsPostedInTheBackgroundAndRetried() throws Exception {
		Api api = new Api(this.port);
		JsonNode session = api.newUser("alerted");
		api.refresh(session.path("refresh_token").asString());
		long start = System.nanoTime();
		assertProblem(api.refresh(session.path("refresh_token").asString()), 401, "TOKEN_REVOKED");
		assertThat(release.getCount()).as("answered while the webhook was still hanging").isEqualTo(1);
		assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
		release.countDown();
		String alert = received.poll(20, TimeUnit.SECONDS);
		assertThat(alert).isNotNull();
		JsonNode json = JsonMapper.builder().build().readTree(alert);
		assertThat(json.path("type").asString()).isEqualTo("REFRESH_TOKEN_REUSED");
		assertThat(json.path("severity").asString()).isEqualTo("CRITICAL");
		assertThat(json.path("username").asString()).isEqualTo(session.path("user").path("username").asString());
		assertThat(alert).doesNotContain(session.path("refresh_token").asString()).doesNotContain(Api.PASSWORD);
		assertThat(attempts.get()).isEqualTo(2);
		// The signed head of the audit chain, up to and including this event's row: an
		// anchor outside the database that verify-audit --anchor accepts.
		String[] anchor = json.path("audit_anchor").asString().split(":");
		assertThat(anchor).hasSize(3);
		Map<String, Object> row = this.jdbc
			.sql("select id, hash from audit_events where type = 'REFRESH_TOKEN_REUSED' and username = ?")
			.param(session.path("user").path("username").asString())
			.query()
			.singleRow();
		assertThat(Long.parseLong(anchor[0])).isEqualTo(((Number) row.get("id")).longValue());
		assertThat(anchor[1]).isEqualTo(row.get("hash"));
		assertThat(anchor[2]).matches("[0-9a-f]{64}");
	}

}
