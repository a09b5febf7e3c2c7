package dev.bastion.system;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.bastion.support.Api;
import dev.bastion.support.BastionProcess;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default database (H2 file in {@code DATA_DIR}) keeps every write Bastion
 * acknowledged when its process is killed with {@code SIGKILL}: several clients register,
 * log in, change passwords, log out and rotate refresh tokens until the JVM is killed
 * right after an acknowledgement; started again on the same directory, Bastion still has
 * every acknowledged account, password, logout, login, rotation and audit event, and the
 * audit chain verifies. With H2's default write delay (500 ms) this test lost
 * acknowledged writes in every run.
 */
class CrashDurabilityIntegrationTests {

	private static final String NEW_PASSWORD = "quartz-meadow-lantern-58";

	private static final String ADMIN_PASSWORD = "granite-willow-comet-85";

	private static final int CYCLING_CLIENTS = 3;

	private static final int REFRESHING_CLIENTS = 2;

	/**
	 * Whole user cycles before the kill: enough that each kind of write is represented.
	 */
	private static final int CYCLES_BEFORE_KILL = 12;

	@TempDir
	Path data;

	@Test
	void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
		int port = BastionProcess.freePort();
		Map<String, String> environment = environment(port);
		Path log = this.data.resolve("bastion.log");
		Path adminPassword = Files.writeString(this.data.resolve("admin-password"), ADMIN_PASSWORD + "\n");
		assertThat(BastionProcess.run(environment, log, "admin", "create-admin", "root", "root@example.org",
				"--password-file", adminPassword.toString()))
			.as("admin create-admin; see %s", log)
			.isZero();

		Acknowledged acknowledged = new Acknowledged();
		try (BastionProcess first = BastionProcess.start(environment, log)) {
			Http http = first.awaitReady(port, Duration.ofMinutes(5));
			drive(http, acknowledged, first);
		}
		assertThat(acknowledged.cycles.get()).isGreaterThanOrEqualTo(CYCLES_BEFORE_KILL);
		assertThat(acknowledged.errors).as("unexpected answers before the kill").isEmpty();

		try (BastionProcess second = BastionProcess.start(environment, log)) {
			Api api = new Api(port);
			second.awaitReady(port, Duration.ofMinutes(5));
			List<String> lost = new ArrayList<>();
			for (User user : acknowledged.users) {
				checkUser(api, user, lost);
			}
			checkAuditTrail(api, acknowledged, lost);
			assertThat(lost)
				.as("acknowledged writes missing after the restart (of %d users, %d writes)", acknowledged.users.size(),
						acknowledged.writes.get())
				.isEmpty();
		}
	}

	private Map<String, String> environment(int port) {
		return Map.ofEntries(Map.entry("DATA_DIR", this.data.toString()), Map.entry("SERVER_PORT", "" + port),
				Map.entry("MANAGEMENT_PORT", "0"), Map.entry("RATE_LIMIT_DEFAULT", "1000000/1m"),
				Map.entry("RATE_LIMIT_LOGIN", "1000000/1m"), Map.entry("RATE_LIMIT_REGISTER", "1000000/1m"),
				Map.entry("BAN_AFTER_FAILED_LOGINS", "1000000"), Map.entry("BAN_AFTER_DISTINCT_USERNAMES", "1000000"),
				Map.entry("LOGIN_QUEUE_TIMEOUT", "60s"), Map.entry("LOG_FORMAT", "text"));
	}

	/**
	 * Clients write until the JVM is killed, right after an acknowledgement once
	 * {@value #CYCLES_BEFORE_KILL} users have lived a whole cycle, while the other
	 * clients are mid-request. Besides the users' cycles, which hash passwords and are
	 * slow, clients rotate refresh tokens as fast as they can, so that many acknowledged
	 * writes are always younger than any delay a database might put before writing.
	 */
	private void drive(Http http, Acknowledged acknowledged, BastionProcess bastion) throws InterruptedException {
		AtomicBoolean killed = new AtomicBoolean();
		Runnable acknowledge = () -> {
			acknowledged.writes.incrementAndGet();
			if (acknowledged.cycles.get() >= CYCLES_BEFORE_KILL && killed.compareAndSet(false, true)) {
				bastion.kill();
			}
		};
		try (ExecutorService clients = Executors.newFixedThreadPool(CYCLING_CLIENTS + REFRESHING_CLIENTS)) {
			for (int i = 0; i < CYCLING_CLIENTS; i++) {
				clients.execute(() -> {
					while (!killed.get()) {
						untilKilled(killed, acknowledged, () -> cycle(http, acknowledged, acknowledge));
					}
				});
			}
			for (int i = 0; i < REFRESHING_CLIENTS; i++) {
				clients
					.execute(() -> untilKilled(killed, acknowledged, () -> refreshes(http, acknowledged, acknowledge)));
			}
			clients.shutdown();
			assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).as("the load ended").isTrue();
		}
		assertThat(killed).as("Bastion was killed mid-stream").isTrue();
	}

	/**
	 * Runs a client's work; once Bastion is killed, requests in flight fail, and their
	 * outcome is unknown, not checked. A failure before is an error of the test.
	 */
	private static void untilKilled(AtomicBoolean killed, Acknowledged acknowledged, Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException ex) {
			if (!killed.get()) {
				acknowledged.errors.add(ex.toString());
				killed.set(true);
			}
		}
	}

	/** One user's life: register, log in, change the password, log out, log in again. */
	private static void cycle(Http http, Acknowledged acknowledged, Runnable acknowledge) {
		User user = register(http, acknowledged, acknowledge);
		String token = Http.json(login(http, user.name, Api.PASSWORD)).path("access_token").asString();
		acknowledge.run();
		user.changeSent = true;
		expect(send(http, "/api/v1/auth/password/change", token,
				"{\"current_password\": \"" + Api.PASSWORD + "\", \"new_password\": \"" + NEW_PASSWORD + "\"}"), 204);
		user.changed = true;
		acknowledge.run();
		expect(send(http, "/api/v1/auth/logout", token, "{}"), 204);
		user.loggedOutToken = token;
		acknowledge.run();
		user.liveToken = Http.json(login(http, user.name, NEW_PASSWORD)).path("access_token").asString();
		acknowledge.run();
		acknowledged.cycles.incrementAndGet();
	}

	/** A user who logs in once, then rotates the refresh token until the end. */
	private static void refreshes(Http http, Acknowledged acknowledged, Runnable acknowledge) {
		User user = register(http, acknowledged, acknowledge);
		user.refreshToken = Http.json(login(http, user.name, Api.PASSWORD)).path("refresh_token").asString();
		acknowledge.run();
		while (true) {
			user.refreshSent = true;
			HttpResponse<String> response = expect(
					http.postJson("/api/v1/auth/refresh", "{\"refresh_token\": \"" + user.refreshToken + "\"}"), 200);
			user.refreshToken = Http.json(response).path("refresh_token").asString();
			user.refreshSent = false;
			acknowledge.run();
		}
	}

	private static User register(Http http, Acknowledged acknowledged, Runnable acknowledge) {
		User user = new User(Api.uniqueName("crash"));
		expect(http.postJson("/api/v1/auth/register", "{\"username\": \"" + user.name + "\", \"email\": \"" + user.name
				+ "@example.org\", \"password\": \"" + Api.PASSWORD + "\"}"), 201);
		acknowledged.users.add(user);
		acknowledge.run();
		return user;
	}

	private static HttpResponse<String> login(Http http, String username, String password) {
		return expect(http.postJson("/api/v1/auth/login",
				"{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}"), 200);
	}

	private static HttpResponse<String> send(Http http, String path, String token, String json) {
		return http.send("POST", path, BodyPublishers.ofString(json), "Authorization", "Bearer " + token,
				"Content-Type", "application/json");
	}

	private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(response.statusCode() + " " + response.body());
		}
		return response;
	}

	private static void checkUser(Api api, User user, List<String> lost) {
		int withNew = api.login(user.name, NEW_PASSWORD).statusCode();
		int withOld = api.login(user.name, Api.PASSWORD).statusCode();
		if (withNew != 200 && withOld != 200) {
			lost.add("registration of " + user.name);
		}
		else if (user.changed && withNew != 200) {
			lost.add("password change of " + user.name);
		}
		else if (user.changed) {
			assertProblem(api.login(user.name, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
		}
		else if (!user.changeSent) {
			assertThat(withOld).as("the only password %s ever had", user.name).isEqualTo(200);
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
	private static void checkRefresh(Api api, User user, List<String> lost) {
		HttpResponse<String> response = api.refresh(user.refreshToken);
		if (response.statusCode() == 200) {
			return;
		}
		String code = Http.json(response).path("code").asString();
		if (!(user.refreshSent && code.equals("TOKEN_REVOKED"))) {
			lost.add("refresh-token rotation of " + user.name + " (" + code + ")");
		}
	}

	private static void checkAuditTrail(Api api, Acknowledged acknowledged, List<String> lost) {
		HttpResponse<String> login = api.login("root", ADMIN_PASSWORD);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		String admin = Http.json(login).path("access_token").asString();
		JsonNode verification = Http.json(api.post("/api/v1/admin/audit/verify", admin, "{}"));
		assertThat(verification.path("valid").asBoolean()).as(verification.toString()).isTrue();
		Set<String> changed = usernames(api, admin, "PASSWORD_CHANGED");
		Set<String> loggedOut = usernames(api, admin, "TOKEN_REVOKED");
		for (User user : acknowledged.users) {
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

	/** What the clients were told succeeded. */
	private static final class Acknowledged {

		final Queue<User> users = new ConcurrentLinkedQueue<>();

		final Queue<String> errors = new ConcurrentLinkedQueue<>();

		final AtomicInteger writes = new AtomicInteger();

		final AtomicInteger cycles = new AtomicInteger();

	}

	/** One client's account, and which of its writes were acknowledged. */
	private static final class User {

		final String name;

		volatile boolean changeSent;

		volatile boolean changed;

		volatile String loggedOutToken;

		volatile String liveToken;

		volatile String refreshToken;

		volatile boolean refreshSent;

		User(String name) {
			this.name = name;
		}

	}

}
