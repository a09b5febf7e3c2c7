package dev.bastion.auth.reset;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Password reset over real SMTP (an in-process GreenMail server).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "PUBLIC_URL=https://bastion.example")
@ExtendWith(OutputCaptureExtension.class)
class PasswordResetIntegrationTests {

	@RegisterExtension
	static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
		.withPerMethodLifecycle(false);

	static final Pattern LINK = Pattern.compile("https://bastion\\.example/reset-password#token=([A-Za-z0-9_-]+)");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordReset resets;

	@Autowired
	AccountManagement accounts;

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("SMTP_HOST", () -> "127.0.0.1");
		registry.add("SMTP_PORT", () -> mail.getSmtp().getPort());
		registry.add("SMTP_STARTTLS", () -> "false");
	}

	@Test
	void resetByEmailLinkIsSingleUseAndEndsEveryLogin(CapturedOutput output) throws Exception {
		Api api = new Api(this.port);
		JsonNode session = api.newUser("forgot");
		String email = session.path("user").path("email").asString();
		int before = mail.getReceivedMessages().length;
		HttpResponse<String> requested = api.http()
			.postJson("/api/v1/auth/password/reset-request", "{\"email\": \"" + email.toUpperCase() + "\"}");
		assertThat(requested.statusCode()).isEqualTo(202);
		assertThat(mail.waitForIncomingEmail(Duration.ofSeconds(10).toMillis(), before + 1)).isTrue();
		MimeMessage message = mail.getReceivedMessages()[before];
		assertThat(message.getAllRecipients()[0].toString()).isEqualTo(email);
		Matcher link = LINK.matcher(GreenMailUtil.getBody(message));
		assertThat(link.find()).isTrue();
		String token = link.group(1);
		assertThat(requested.body()).doesNotContain(token);

		String newPassword = "harbor-quartz-lilac-93";
		assertThat(api.http()
			.postJson("/api/v1/auth/password/reset",
					"{\"token\": \"" + token + "\", \"new_password\": \"" + newPassword + "\"}")
			.statusCode()).isEqualTo(204);
		assertProblem(api.get("/api/v1/users/me", session.path("access_token").asString()), 401, "TOKEN_REVOKED");
		assertProblem(api.refresh(session.path("refresh_token").asString()), 401, "TOKEN_REVOKED");
		String username = session.path("user").path("username").asString();
		assertProblem(api.login(username, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
		assertThat(api.login(username, newPassword).statusCode()).isEqualTo(200);
		assertProblem(
				api.http()
					.postJson("/api/v1/auth/password/reset",
							"{\"token\": \"" + token + "\", \"new_password\": \"orbit-tangerine-fjord-64\"}"),
				400, "VALIDATION_ERROR");
		assertThat(output.getAll()).doesNotContain(token).doesNotContain(newPassword);
	}

	@Test
	void aResetLinkUsedTwiceAtOnceWorksOnlyOnce() throws Exception {
		Api api = new Api(this.port);
		JsonNode session = api.newUser("racing");
		int before = mail.getReceivedMessages().length;
		api.http()
			.postJson("/api/v1/auth/password/reset-request",
					"{\"email\": \"" + session.path("user").path("email").asString() + "\"}");
		assertThat(mail.waitForIncomingEmail(Duration.ofSeconds(10).toMillis(), before + 1)).isTrue();
		Matcher link = LINK.matcher(GreenMailUtil.getBody(mail.getReceivedMessages()[before]));
		assertThat(link.find()).isTrue();
		String body = "{\"token\": \"" + link.group(1) + "\", \"new_password\": \"harbor-quartz-lilac-93\"}";
		java.util.List<Integer> statuses;
		try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
			java.util.List<java.util.concurrent.Callable<Integer>> calls = java.util.Collections.nCopies(4,
					() -> api.http().postJson("/api/v1/auth/password/reset", body).statusCode());
			statuses = new java.util.ArrayList<>();
			for (var status : pool.invokeAll(calls)) {
				statuses.add(status.get());
			}
		}
		assertThat(statuses).containsOnlyOnce(204).containsOnly(204, 400);
	}

	/** Asks for a reset link for {@code email} and returns its token from the e-mail. */
	static String requestLink(Api api, String email) throws Exception {
		int before = mail.getReceivedMessages().length;
		assertThat(api.http()
			.postJson("/api/v1/auth/password/reset-request", "{\"email\": \"" + email + "\"}")
			.statusCode()).isEqualTo(202);
		assertThat(mail.waitForIncomingEmail(Duration.ofSeconds(10).toMillis(), before + 1)).isTrue();
		Matcher link = LINK.matcher(GreenMailUtil.getBody(mail.getReceivedMessages()[before]));
		assertThat(link.find()).isTrue();
		return link.group(1);
	}

	static HttpResponse<String> reset(Api api, String token, String newPassword) {
		return api.http()
			.postJson("/api/v1/auth/password/reset",
					"{\"token\": \"" + token + "\", \"new_password\": \"" + newPassword + "\"}");
	}

	@Test
	void onlyTheNewestLinkWorks() throws Exception {
		Api api = new Api(this.port);
		JsonNode session = api.newUser("twolinks");
		String email = session.path("user").path("email").asString();
		String older = requestLink(api, email);
		madeMinutesAgo(session, 5);
		String newer = requestLink(api, email);
		assertProblem(reset(api, older, "harbor-quartz-lilac-93"), 400, "VALIDATION_ERROR");
		assertThat(reset(api, newer, "harbor-quartz-lilac-93").statusCode()).isEqualTo(204);
		assertProblem(reset(api, older, "orbit-tangerine-fjord-64"), 400, "VALIDATION_ERROR");
	}

	/** As if the account's links had been made {@code minutes} earlier. */
	void madeMinutesAgo(JsonNode session, int minutes) {
		this.jdbc
			.sql("update password_reset_tokens set expires_at = expires_at - interval '" + minutes + "' minute "
					+ "where account_id = ?")
			.param(UUID.fromString(session.path("user").path("id").asString()))
			.update();
	}

	/**
	 * A flood of requests for someone's address (the rate limit is per client address,
	 * and an attacker has many), five of them at once: one e-mail, and its link keeps
	 * working through more requests, instead of a new e-mail each time that ends the link
	 * before. Each request is audited with where it came from, though handled in the
	 * background.
	 */
	@Test
	void requestsForOneAccountWithinFiveMinutesSendOneLink() throws Exception {
		Api api = new Api(this.port);
		JsonNode session = api.newUser("flooded");
		String email = session.path("user").path("email").asString();
		UUID id = UUID.fromString(session.path("user").path("id").asString());
		int before = mail.getReceivedMessages().length;
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Integer>> sent = IntStream.range(0, 5)
				.mapToObj((i) -> clients.submit(() -> api.http()
					.postJson("/api/v1/auth/password/reset-request", "{\"email\": \"" + email + "\"}")
					.statusCode()))
				.toList();
			for (Future<Integer> status : sent) {
				assertThat(status.get()).isEqualTo(202);
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> requestsAudited(id).size() == 5);
		assertThat(mail.waitForIncomingEmail(Duration.ofSeconds(10).toMillis(), before + 1)).isTrue();
		assertThat(mail.waitForIncomingEmail(1500, before + 2)).as("one e-mail only").isFalse();
		Matcher link = LINK.matcher(GreenMailUtil.getBody(mail.getReceivedMessages()[before]));
		assertThat(link.find()).isTrue();

		for (int i = 0; i < 3; i++) {
			assertThat(api.http()
				.postJson("/api/v1/auth/password/reset-request", "{\"email\": \"" + email + "\"}")
				.statusCode()).isEqualTo(202);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> requestsAudited(id).size() == 8);
		assertThat(mail.waitForIncomingEmail(1500, before + 2)).isFalse();
		assertThat(reset(api, link.group(1), "harbor-quartz-lilac-93").statusCode()).isEqualTo(204);
		assertThat(requestsAudited(id)).containsOnly("127.0.0.1 true true");
	}

	/**
	 * The account's audited reset requests: address, and whether agent and request id are
	 * known.
	 */
	List<String> requestsAudited(UUID accountId) {
		return this.jdbc
			.sql("select ip, user_agent, request_id from audit_events where type = 'PASSWORD_RESET_REQUESTED' "
					+ "and user_id = ?")
			.param(accountId)
			.query((row, number) -> row.getString(1) + " " + (row.getString(2) != null) + " "
					+ (row.getString(3) != null))
			.list();
	}

	/**
	 * An eviction (deactivation, revoke-tokens) ends the account's reset links: whoever
	 * asked for one while in control of the mailbox or account cannot use it to come
	 * back, after the account is active again either.
	 */
	@Test
	void anEvictionEndsTheAccountsResetLinks() throws Exception {
		Api api = new Api(this.port);
		String adminName = Api.uniqueName("warden");
		this.accounts.createAdmin(adminName, adminName + "@example.org", Api.PASSWORD);
		String admin = Http.json(api.login(adminName, Api.PASSWORD)).path("access_token").asString();
		JsonNode session = api.newUser("evicted");
		String id = session.path("user").path("id").asString();
		String email = session.path("user").path("email").asString();

		String beforeDeactivation = requestLink(api, email);
		assertThat(api.post("/api/v1/admin/users/" + id + "/deactivate", admin, "{}").statusCode()).isEqualTo(204);
		assertThat(api.post("/api/v1/admin/users/" + id + "/activate", admin, "{}").statusCode()).isEqualTo(204);
		assertProblem(reset(api, beforeDeactivation, "harbor-quartz-lilac-93"), 400, "VALIDATION_ERROR");

		madeMinutesAgo(session, 5);
		String beforeRevocation = requestLink(api, email);
		assertThat(api.post("/api/v1/admin/users/" + id + "/revoke-tokens", admin, "{}").statusCode()).isEqualTo(204);
		assertProblem(reset(api, beforeRevocation, "harbor-quartz-lilac-93"), 400, "VALIDATION_ERROR");
		assertThat(api.login(session.path("user").path("username").asString(), Api.PASSWORD).statusCode())
			.isEqualTo(200);
	}

	@Test
	void aLinkDiesWhenThePasswordIsChangedAnotherWay() throws Exception {
		Api api = new Api(this.port);
		JsonNode session = api.newUser("changed");
		String token = requestLink(api, session.path("user").path("email").asString());
		assertThat(api
			.post("/api/v1/auth/password/change", session.path("access_token").asString(),
					"{\"current_password\": \"" + Api.PASSWORD + "\", \"new_password\": \"cobalt-meadow-quiver-58\"}")
			.statusCode()).isEqualTo(204);
		JsonNode problem = assertProblem(reset(api, token, "harbor-quartz-lilac-93"), 400, "VALIDATION_ERROR");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("token");
		assertThat(api.login(session.path("user").path("username").asString(), "cobalt-meadow-quiver-58").statusCode())
			.isEqualTo(200);
	}

	@Test
	void aLinkDiesWhenTheEmailAddressChanges() throws Exception {
		Api api = new Api(this.port);
		JsonNode session = api.newUser("moving");
		String token = requestLink(api, session.path("user").path("email").asString());
		String address = Api.uniqueName("moved") + "@example.org";
		assertThat(api
			.patch("/api/v1/users/me", session.path("access_token").asString(),
					"{\"email\": \"" + address + "\", \"current_password\": \"" + Api.PASSWORD + "\"}")
			.statusCode()).isEqualTo(200);
		assertProblem(reset(api, token, "harbor-quartz-lilac-93"), 400, "VALIDATION_ERROR");
		assertThat(api.login(address, Api.PASSWORD).statusCode()).as("the password is unchanged").isEqualTo(200);
	}

	@Test
	void aResetEndsEveryEarlierDeviceToken() throws Exception {
		Api api = new Api(this.port);
		JsonNode session = api.newUser("devicereset");
		String username = session.path("user").path("username").asString();
		String before = session.path("device_token").asString();
		String newPassword = "harbor-quartz-lilac-93";
		assertThat(
				reset(api, requestLink(api, session.path("user").path("email").asString()), newPassword).statusCode())
			.isEqualTo(204);
		String after = Http.json(api.login(username, newPassword)).path("device_token").asString();
		for (int i = 0; i < 5; i++) {
			assertProblem(api.login(username, "attacker-guess-" + i), 401, "INVALID_CREDENTIALS");
		}
		assertProblem(api.login(username, newPassword, "device_token", before), 429, "ACCOUNT_LOCKED");
		assertThat(api.login(username, newPassword, "device_token", after).statusCode()).isEqualTo(200);
	}

	@Test
	void unknownAddressGetsTheSameAnswerAndNoMail() throws Exception {
		Api api = new Api(this.port);
		int before = mail.getReceivedMessages().length;
		HttpResponse<String> unknown = api.http()
			.postJson("/api/v1/auth/password/reset-request",
					"{\"email\": \"nobody-" + Api.uniqueName("x") + "@example.org\"}");
		assertThat(unknown.statusCode()).isEqualTo(202);
		assertThat(Http.json(unknown).path("message").asString())
			.isEqualTo(PasswordController.RESET_REQUESTED.get("message"));
		assertThat(mail.waitForIncomingEmail(1500, before + 1)).isFalse();
	}

	@Test
	void madeUpOrMalformedTokensAreRefused() {
		Api api = new Api(this.port);
		for (String token : new String[] { "made-up-token", "", "x".repeat(500) }) {
			assertProblem(
					api.http()
						.postJson("/api/v1/auth/password/reset",
								"{\"token\": \"" + token + "\", \"new_password\": \"orbit-tangerine-fjord-64\"}"),
					400, "VALIDATION_ERROR");
		}
	}

	/** Every request for a link adds a row: it goes a day after the link expired. */
	@Test
	void resetLinksAreDeletedADayAfterTheyExpired() {
		UUID account = UUID.fromString(new Api(this.port).newUser("purged").path("user").path("id").asString());
		Instant now = Instant.now();
		this.jdbc
			.sql("insert into password_reset_tokens (token_hash, account_id, expires_at, account_state) "
					+ "values (?, ?, ?, 'state'), (?, ?, ?, 'state')")
			.params("old-link-" + account, account, Timestamp.from(now.minus(Duration.ofHours(25))),
					"new-link-" + account, account, Timestamp.from(now.plus(Duration.ofMinutes(30))))
			.update();

		this.resets.purgeExpired();

		assertThat(this.jdbc.sql("select token_hash from password_reset_tokens where account_id = ?")
			.param(account)
			.query(String.class)
			.list()).containsExactly("new-link-" + account);
	}

}
