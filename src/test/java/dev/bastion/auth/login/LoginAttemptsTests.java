package dev.bastion.auth.login;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.bastion.sharedstate.Locks;
import dev.bastion.sharedstate.WindowedCounters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Made-up login names are counted and locked apart from accounts and devices, so that a
 * flood of them cannot evict a real account's count or lock from the heap-bounded maps.
 */
class LoginAttemptsTests {

	private final Keys known = new Keys();

	private final Keys unknown = new Keys();

	private final LoginAttempts attempts = new LoginAttempts(5, Duration.ofMinutes(15),
			new LoginAttempts.Keys(this.known, this.known), new LoginAttempts.Keys(this.unknown, this.unknown));

	@Test
	void unknownNamesAreCountedAndLockedApartFromAccountsAndDevices() {
		for (int i = 0; i < 5; i++) {
			this.attempts.fail(LoginAttempts.UNKNOWN_NAMES + "made-up");
			this.attempts.fail("account:42");
		}
		this.attempts.fail("device:7");

		assertThat(this.unknown.locked).containsOnlyKeys(LoginAttempts.UNKNOWN_NAMES + "made-up");
		assertThat(this.known.locked).containsOnlyKeys("account:42");
		assertThat(this.known.counts).containsOnlyKeys("device:7");
		assertThat(this.attempts.lockedFor("account:42")).isPresent();
		assertThat(this.attempts.lockedFor(LoginAttempts.UNKNOWN_NAMES + "made-up")).isPresent();

		this.attempts.reset("account:42");
		assertThat(this.known.locked).isEmpty();
		assertThat(this.unknown.locked).hasSize(1);
	}

	/** Counters and locks of one kind of key, in maps a test can read. */
	private static final class Keys implements WindowedCounters, Locks {

		final Map<String, Long> counts = new HashMap<>();

		final Map<String, Duration> locked = new HashMap<>();

		@Override
		public long increment(String key) {
			return this.counts.merge(key, 1L, Long::sum);
		}

		@Override
		public long addMember(String key, String member) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void reset(String... keys) {
			for (String key : keys) {
				this.counts.remove(key);
			}
		}

		@Override
		public Optional<Duration> remaining(String key) {
			return Optional.ofNullable(this.locked.get(key));
		}

		@Override
		public void lock(String key, Duration duration) {
			this.locked.put(key, duration);
		}

		@Override
		public void unlock(String key) {
			this.locked.remove(key);
		}

	}

}
