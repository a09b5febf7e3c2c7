package dev.bastion.auth.session;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.audit.AuditEntry;
import dev.bastion.audit.AuditTrail;
import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account has at most {@code MAX_LOGINS} (100) live logins: one more ends the least
 * recently used, whose refresh and access tokens are then refused as any ended login's
 * are, and which is audited. At the shipped default, in the shared context (a hundred
 * logins cost less than a context of its own).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LoginLimitIntegrationTests {

	static final int MAX_LOGINS = 100;

	@LocalServerPort
	int port;

	@Autowired
	AuditTrail audit;

	@Test
	void oneLoginBeyondTheLimitEndsTheLeastRecentlyUsedOne() throws Exception {
		Api api = new Api(this.port);
		JsonNode first = api.newUser("frequent");
		String name = first.path("user").path("username").asString();
		String device = first.path("device_token").asString();
		JsonNode second = login(api, name, device);
		String secondId = currentSession(api, second.path("access_token").asString());
		HttpResponse<String> firstRefreshed = api.refresh(first.path("refresh_token").asString());
		assertThat(firstRefreshed.statusCode()).as("the first login, used after the second").isEqualTo(200);
		List<JsonNode> more = loginsAtOnce(api, name, device, MAX_LOGINS - 2);
		assertThat(sessions(api, more.getLast().path("access_token").asString())).as("at the limit nothing ends")
			.hasSize(MAX_LOGINS);

		JsonNode beyond = login(api, name, device);

		assertThat(sessions(api, beyond.path("access_token").asString())).hasSize(MAX_LOGINS)
			.noneMatch((session) -> session.path("id").asString().equals(secondId));
		assertProblem(api.refresh(second.path("refresh_token").asString()), 401, "TOKEN_REVOKED");
		assertProblem(api.get("/api/v1/users/me", second.path("access_token").asString()), 401, "TOKEN_REVOKED");
		assertThat(api.refresh(Http.json(firstRefreshed).path("refresh_token").asString()).statusCode())
			.as("the first login, older but used more recently")
			.isEqualTo(200);
		List<AuditEntry> revoked = this.audit.search("TOKEN_REVOKED", name, null, null, 0, 10);
		assertThat(revoked).singleElement()
			.satisfies((entry) -> assertThat(entry.details().path("scope").asString()).isEqualTo("login-limit"));
	}

	/** Two at a time, as many as the known devices' hashing lane takes on two cores. */
	private static List<JsonNode> loginsAtOnce(Api api, String name, String device, int count) throws Exception {
		try (ExecutorService callers = Executors.newFixedThreadPool(2)) {
			List<Future<JsonNode>> logins = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				logins.add(callers.submit(() -> login(api, name, device)));
			}
			List<JsonNode> done = new ArrayList<>();
			for (Future<JsonNode> login : logins) {
				done.add(login.get());
			}
			return done;
		}
	}

	private static String currentSession(Api api, String token) {
		return sessions(api, token).stream()
			.filter((session) -> session.path("current").asBoolean())
			.findFirst()
			.orElseThrow()
			.path("id")
			.asString();
	}

	private static JsonNode login(Api api, String name, String device) {
		HttpResponse<String> response = api.login(name, Api.PASSWORD, "device_token", device);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response);
	}

	private static List<JsonNode> sessions(Api api, String token) {
		HttpResponse<String> response = api.get("/api/v1/users/me/sessions", token);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response).path("sessions").valueStream().toList();
	}

}
