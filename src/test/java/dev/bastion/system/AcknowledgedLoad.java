package dev.bastion.system;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load of {@link CrashDurabilityIntegrationTests}, and what its clients were told
 * succeeded: users registered, logged in, changed passwords, logged out, and refresh
 * tokens rotated.
 */
final class AcknowledgedLoad {

	static final String NEW_PASSWORD = "quartz-meadow-lantern-58";

	private static final int CYCLING_CLIENTS = 3;

	private static final int REFRESHING_CLIENTS = 2;

	/**
	 * Between two rotations of a refreshing client: about 80 acknowledged writes a second
	 * together, 40 inside H2's old 500 ms write delay. Without a pause the refreshes kept
	 * both cores busy, and the hashing lane, which runs at the lowest priority the
	 * operating system has, got some 1.5 s of CPU in 11 minutes: the users' cycles
	 * crawled (a run took 88 s in CI, and more under load).
	 */
	private static final Duration REFRESH_PAUSE = Duration.ofMillis(20);

	final Queue<User> users = new ConcurrentLinkedQueue<>();

	final Queue<String> errors = new ConcurrentLinkedQueue<>();

	final AtomicInteger writes = new AtomicInteger();

	final AtomicInteger cycles = new AtomicInteger();

	private final int cyclesBeforeKill;

	AcknowledgedLoad(int cyclesBeforeKill) {
		this.cyclesBeforeKill = cyclesBeforeKill;
	}

	/**
	 * Clients write until the JVM is killed, right after an acknowledgement once a number
	 * of users have lived a whole cycle, while the other clients are mid-request. Besides
	 * the users' cycles, which hash passwords and are slow, clients keep rotating refresh
	 * tokens, so that many acknowledged writes are always younger than any delay a
	 * database might put before writing.
	 */
	void drive(Http http, Runnable kill) throws InterruptedException {
		AtomicBoolean killed = new AtomicBoolean();
		Runnable acknowledge = () -> {
			this.writes.incrementAndGet();
			if (this.cycles.get() >= this.cyclesBeforeKill && killed.compareAndSet(false, true)) {
				kill.run();
			}
		};
		try (ExecutorService clients = Executors.newFixedThreadPool(CYCLING_CLIENTS + REFRESHING_CLIENTS)) {
			for (int i = 0; i < CYCLING_CLIENTS; i++) {
				clients.execute(() -> {
					while (!killed.get()) {
						untilKilled(killed, () -> cycle(http, acknowledge));
					}
				});
			}
			for (int i = 0; i < REFRESHING_CLIENTS; i++) {
				clients.execute(() -> untilKilled(killed, () -> refreshes(http, acknowledge)));
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
	private void untilKilled(AtomicBoolean killed, Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException ex) {
			if (!killed.get()) {
				this.errors.add(ex.toString());
				killed.set(true);
			}
		}
	}

	/** One user's life: register, log in, change the password, log out, log in again. */
	private void cycle(Http http, Runnable acknowledge) {
		User user = register(http, acknowledge);
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
		this.cycles.incrementAndGet();
	}

	/** A user who logs in once, then rotates the refresh token until the end. */
	private void refreshes(Http http, Runnable acknowledge) {
		User user = register(http, acknowledge);
		user.refreshToken = Http.json(login(http, user.name, Api.PASSWORD)).path("refresh_token").asString();
		acknowledge.run();
		while (true) {
			user.refreshSent = true;
			HttpResponse<String> response = expect(
					http.postJson("/api/v1/auth/refresh", "{\"refresh_token\": \"" + user.refreshToken + "\"}"), 200);
			user.refreshToken = Http.json(response).path("refresh_token").asString();
			user.refreshSent = false;
			acknowledge.run();
			LockSupport.parkNanos(REFRESH_PAUSE.toNanos());
		}
	}

	private User register(Http http, Runnable acknowledge) {
		User user = new User(Api.uniqueName("crash"));
		expect(http.postJson("/api/v1/auth/register", "{\"username\": \"" + user.name + "\", \"email\": \"" + user.name
				+ "@example.org\", \"password\": \"" + Api.PASSWORD + "\"}"), 201);
		this.users.add(user);
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

	/** One client's account, and which of its writes were acknowledged. */
	static final class User {

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
