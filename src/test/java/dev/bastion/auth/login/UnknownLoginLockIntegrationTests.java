package dev.bastion.auth.login;

import java.net.http.HttpResponse;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Api;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login name that names no account is counted and locked under a keyed hash of it, 70
 * characters however long the name, and the same for every spelling a login accepts as
 * that name; the lock works exactly as before (through the real server, in the shared
 * context).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class UnknownLoginLockIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	LoginLocks locks;

	@Autowired
	LoginAttempts attempts;

	@Test
	void aLongUnknownNameIsLockedUnderAFixedLengthKeyThatHoldsNoName() {
		Api api = new Api(this.port);
		String ghost = Api.uniqueName("ghost") + "x".repeat(240);
		String name = ghost.substring(0, 254);
		for (int i = 0; i < 5; i++) {
			assertProblem(api.login((i % 2 == 0) ? ghost : " " + ghost.toUpperCase(Locale.ROOT), "guess-" + i), 401,
					"INVALID_CREDENTIALS");
		}
		HttpResponse<String> locked = api.login(name, "guess-6");
		assertProblem(locked, 429, "ACCOUNT_LOCKED");

		String key = this.locks.unknownLoginKey(name);
		assertThat(key).hasSize(70).startsWith("login:").doesNotContain(name.substring(0, 8));
		assertThat(this.attempts.lockedFor(key)).isPresent();
		assertThat(this.attempts.lockedFor("login:" + name)).as("the name itself is no key").isEmpty();
		assertThat(this.locks.unknownLoginKey("another-" + name)).hasSize(70).isNotEqualTo(key);
	}

}
