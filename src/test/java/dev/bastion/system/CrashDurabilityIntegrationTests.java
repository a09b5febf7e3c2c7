package dev.bastion.system;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.bastion.support.FreePorts;
import dev.bastion.support.Api;
import dev.bastion.support.BastionProcess;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded default database (H2 file in {@code DATA_DIR}) keeps every write Bastion
 * acknowledged when its process is killed with {@code SIGKILL}: several clients register,
 * log in, change passwords, log out and rotate refresh tokens until the JVM is killed
 * right after an acknowledgement; started again on the same directory, Bastion still has
 * every acknowledged account, password, logout, login, rotation and audit event, and the
 * audit chain verifies. With H2's default write delay (500 ms) this test lost
 * acknowledged writes in every completed run. The second start ends gracefully, and its
 * shutdown work (the audit anchor) must still find the database open. The load is
 * {@link AcknowledgedLoad}.
 */
class CrashDurabilityIntegrationTests {

	private static final String ADMIN_PASSWORD = "granite-willow-comet-85";

	private static final String SETUP_CODE = "Bastion setup code: ";

	/**
	 * Whole user cycles before the kill: enough that each kind of write is represented.
	 */
	private static final int CYCLES_BEFORE_KILL = 12;

	@TempDir
	Path data;

	@Test
	void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
		int port = FreePorts.next();
		Map<String, String> environment = environment(port);
		Path log = this.data.resolve("bastion.log");
		AcknowledgedLoad acknowledged = new AcknowledgedLoad(CYCLES_BEFORE_KILL);
		try (BastionProcess first = BastionProcess.start(environment, log)) {
			Http http = first.awaitReady(port, Duration.ofMinutes(5));
			setUpAdministrator(http, log);
			acknowledged.drive(http, first::kill);
		}
		assertThat(acknowledged.cycles.get()).isGreaterThanOrEqualTo(CYCLES_BEFORE_KILL);
		assertThat(acknowledged.errors).as("unexpected answers before the kill").isEmpty();

		try (BastionProcess second = BastionProcess.start(environment, log)) {
			Api api = new Api(port);
			second.awaitReady(port, Duration.ofMinutes(5));
			List<String> lost = new ArrayList<>();
			for (AcknowledgedLoad.User user : acknowledged.users) {
				checkUser(api, user, lost);
			}
			checkAuditTrail(api, acknowledged, lost);
			assertThat(lost)
				.as("acknowledged writes missing after the restart (of %d users, %d writes)", acknowledged.users.size(),
						acknowledged.writes.get())
				.isEmpty();
		}
		// That start ended with SIGTERM: its shutdown work still found the database open.
		assertThat(Files.readString(log)).as("the log of the graceful stop, %s", log)
			.doesNotContain("The audit head could not be read for its anchor");
	}

	/**
	 * The first administrator, made as a new operator makes it: with the setup code the
	 * first start printed (a JVM of its own for {@code admin create-admin} would cost a
	 * start).
	 */
	private static void setUpAdministrator(Http http, Path log) {
		String code = await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> Files.readAllLines(log)
				.stream()
				.filter((line) -> line.contains(SETUP_CODE))
				.map((line) -> line.substring(line.indexOf(SETUP_CODE) + SETUP_CODE.length()).strip())
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		HttpResponse<String> setup = http.postJson("/api/v1/setup",
				"{\"setup_code\": \"" + code
						+ "\", \"username\": \"root\", \"email\": \"root@example.org\", \"password\": \""
						+ ADMIN_PASSWORD + "\"}");
		assertThat(setup.statusCode()).as(setup.body()).isEqualTo(201);
	}

	private Map<String, String> environment(int port) {
		return Map.ofEntries(Map.entry("DATA_DIR", this.data.toString()), Map.entry("SERVER_PORT", "" + port),
				Map.entry("MANAGEMENT_PORT", "0"), Map.entry("RATE_LIMIT_DEFAULT", "1000000/1m"),
				Map.entry("RATE_LIMIT_LOGIN", "1000000/1m"), Map.entry("RATE_LIMIT_REGISTER", "1000000/1m"),
				Map.entry("BAN_AFTER_FAILED_LOGINS", "1000000"), Map.entry("BAN_AFTER_DISTINCT_USERNAMES", "1000000"),
				Map.entry("LOGIN_QUEUE_TIMEOUT", "60s"), Map.entry("LOG_FORMAT", "text"));
	}

	private static void checkUser(Api api, AcknowledgedLoad.User user, List<String> lost) {
		int withNew = api.login(user.name, AcknowledgedLoad.NEW_PASSWORD).statusCode();
		HttpResponse<String> withOld = api.login(user.name, Api.PASSWORD);
		if (withNew != 200 && withOld.statusCode() != 200) {
			lost.add("registration of " + user.name);
		}
		else if (user.changed && withNew != 200) {
			lost.add("password change of " + user.name);
		}
		else if (user.changed) {
			assertProblem(withOld, 401, "INVALID_CREDENTIALS");
		}
		else if (!user.changeSent) {
			assertThat(withOld.statusCode()).as("the only password %s ever had", user.name).isEqualTo(200);
		}
		if (user.loggedOutToken != null) {
			HttpResponse<String> me = api.get("/api/v1/users/me", user.loggedOutToken);
			if (me.statusCode() == 200) {
				lost.add("logout of " + user.name);
			}
			else {
				assertProblem(me, 401, "TOKEN_REVOKED");
			}
		}
		if (user.liveToken != null && api.get("/api/v1/users/me", user.liveToken).statusCode() != 200) {
			lost.add("second login of " + user.name);
		}
		if (user.refreshToken != null) {
			checkRefresh(api, user, lost);
		}
	}

	/**
	 * The last refresh token a client was given is known; it is spent (a reuse) only if a
	 * later rotation was under way when Bastion was killed.
	 */
	private static void checkRefresh(Api api, AcknowledgedLoad.User user, List<String> lost) {
		HttpResponse<String> response = api.refresh(user.refreshToken);
		if (response.statusCode() == 200) {
			return;
		}
		String code = Http.json(response).path("code").asString();
		if (!(user.refreshSent && code.equals("TOKEN_REVOKED"))) {
			lost.add("refresh-token rotation of " + user.name + " (" + code + ")");
		}
	}

	private static void checkAuditTrail(Api api, AcknowledgedLoad acknowledged, List<String> lost) {
		HttpResponse<String> login = api.login("root", ADMIN_PASSWORD);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		String admin = Http.json(login).path("access_token").asString();
		JsonNode verification = Http.json(api.post("/api/v1/admin/audit/verify", admin, "{}"));
		assertThat(verification.path("valid").asBoolean()).as(verification.toString()).isTrue();
		Set<String> changed = usernames(api, admin, "PASSWORD_CHANGED");
		Set<String> loggedOut = usernames(api, admin, "TOKEN_REVOKED");
		for (AcknowledgedLoad.User user : acknowledged.users) {
			if (user.changed && !changed.contains(user.name)) {
				lost.add("PASSWORD_CHANGED event of " + user.name);
			}
			if (user.loggedOutToken != null && !loggedOut.contains(user.name)) {
				lost.add("TOKEN_REVOKED event of " + user.name);
			}
		}
	}

	private static Set<String> usernames(Api api, String admin, String type) {
		Set<String> names = new HashSet<>();
		for (int page = 0;; page++) {
			HttpResponse<String> response = api
				.get("/api/v1/admin/security-events?type=" + type + "&size=100&page=" + page, admin);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode events = Http.json(response).path("events");
			events.forEach((event) -> names.add(event.path("username").asString()));
			if (events.size() < 100) {
				return names;
			}
		}
	}

}
