package dev.bastion.account;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.Api;
import dev.bastion.support.Metrics;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registration cannot burn the processors: a taken name or address is refused before any
 * password work (seen in the hashing metric on the management port), and registration,
 * password change and reset hash in the unknown clients' lane, so that when the lane is
 * full they are refused with 503 at once rather than hashed on a request's thread.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_URL=https://bastion.example", "LOGIN_QUEUE_TIMEOUT=200ms" })
class PasswordHashingIntegrationTests {

	@RegisterExtension
	static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
		.withPerMethodLifecycle(false);

	static final Pattern LINK = Pattern.compile("https://bastion\\.example/reset-password#token=([A-Za-z0-9_-]+)");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	HashingBulkhead bulkhead;

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("SMTP_HOST", () -> "127.0.0.1");
		registry.add("SMTP_PORT", () -> mail.getSmtp().getPort());
		registry.add("SMTP_STARTTLS", () -> "false");
	}

	@Test
	void aTakenUsernameOrEmailIsRefusedWith409BeforeAnyPasswordWork() {
		Api api = new Api(this.port);
		String taken = Api.uniqueName("taken");
		api.register(taken);
		double before = Metrics.unknownClientHashing(this.managementPort);
		assertProblem(register(api, taken, Api.uniqueName("other") + "@example.org", Api.PASSWORD), 409, "CONFLICT");
		assertProblem(register(api, Api.uniqueName("other"), taken + "@example.org", Api.PASSWORD), 409, "CONFLICT");
		// A long repetitive password costs nbvcxz's estimate far more than a hash.
		assertProblem(register(api, taken.toUpperCase(), "x" + taken + "@example.org", "ab".repeat(64)), 409,
				"CONFLICT");
		assertThat(Metrics.unknownClientHashing(this.managementPort)).as("no password work").isEqualTo(before);
		api.register(Api.uniqueName("fresh"));
		assertThat(Metrics.unknownClientHashing(this.managementPort)).as("a registration is seen")
			.isEqualTo(before + 1);
	}

	@Test
	void whenTheHashingLaneIsFullRegistrationChangeAndResetAnswer503InsteadOfHashing() throws Exception {
		Api api = new Api(this.port);
		JsonNode changer = api.newUser("changer");
		String resetToken = resetToken(api, api.newUser("resetter").path("user").path("email").asString());
		String taken = changer.path("user").path("username").asString();
		try (FullLane full = new FullLane(this.bulkhead)) {
			assertBusy(register(api, Api.uniqueName("flood"), Api.uniqueName("flood") + "@example.org", Api.PASSWORD));
			assertProblem(register(api, taken, taken + "@example.org", Api.PASSWORD), 409, "CONFLICT");
			assertBusy(api.post("/api/v1/auth/password/change", changer.path("access_token").asString(),
					"{\"current_password\": \"" + Api.PASSWORD + "\", \"new_password\": \"harbor-quartz-lilac-93\"}"));
			assertBusy(api.http()
				.postJson("/api/v1/auth/password/reset",
						"{\"token\": \"" + resetToken + "\", \"new_password\": \"orbit-tangerine-fjord-64\"}"));
		}
		assertThat(api.http()
			.postJson("/api/v1/auth/password/reset",
					"{\"token\": \"" + resetToken + "\", \"new_password\": \"orbit-tangerine-fjord-64\"}")
			.statusCode()).as("the link survived the 503").isEqualTo(204);
		api.register(Api.uniqueName("after"));
	}

	static void assertBusy(HttpResponse<String> response) {
		JsonNode problem = assertProblem(response, 503, "SERVICE_UNAVAILABLE");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(problem.path("retry_after").asInt()).isEqualTo(1);
	}

	static HttpResponse<String> register(Api api, String username, String email, String password) {
		return api.http()
			.postJson("/api/v1/auth/register", "{\"username\": \"" + username + "\", \"email\": \"" + email
					+ "\", \"password\": \"" + password + "\"}");
	}

	static String resetToken(Api api, String email) throws InterruptedException {
		int before = mail.getReceivedMessages().length;
		assertThat(api.http()
			.postJson("/api/v1/auth/password/reset-request", "{\"email\": \"" + email + "\"}")
			.statusCode()).isEqualTo(202);
		assertThat(mail.waitForIncomingEmail(Duration.ofSeconds(10).toMillis(), before + 1)).isTrue();
		Matcher link = LINK.matcher(GreenMailUtil.getBody(mail.getReceivedMessages()[before]));
		assertThat(link.find()).isTrue();
		return link.group(1);
	}

	/**
	 * Every slot of the unknown clients' lane held until closed, as a flood holds them.
	 */
	static final class FullLane implements AutoCloseable {

		private final CountDownLatch release = new CountDownLatch(1);

		private final List<Thread> holders = new ArrayList<>();

		FullLane(HashingBulkhead bulkhead) throws InterruptedException {
			CountDownLatch held = new CountDownLatch(bulkhead.unknownClientSlots());
			for (int i = 0; i < bulkhead.unknownClientSlots(); i++) {
				this.holders.add(Thread.ofVirtual().start(() -> bulkhead.run(() -> {
					held.countDown();
					try {
						return this.release.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						throw new IllegalStateException(ex);
					}
				})));
			}
			assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
		}

		@Override
		public void close() throws InterruptedException {
			this.release.countDown();
			for (Thread holder : this.holders) {
				holder.join();
			}
		}

	}

}
