package dev.bastion.sharedstate;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link Locks}, in memory and in Redis. */
class LocksContractTests {

	static final Duration SHORT = Duration.ofMillis(300);

	static TestRedis redis;

	static RedisState here;

	static RedisState there;

	@BeforeAll
	static void startRedis() throws IOException {
		redis = TestRedis.start();
		here = redis.instance(false);
		there = redis.instance(false);
	}

	@AfterAll
	static void stopRedis() throws IOException {
		redis.close();
	}

	abstract static class Contract {

		Locks locks;

		/** Another instance's view of the same locks (in memory: this instance's). */
		Locks elsewhere;

		Time time;

		@Test
		void aKeyNeverLockedIsNotLocked() {
			assertThat(this.locks.remaining("free")).isEmpty();
		}

		@Test
		void aLockReportsTheTimeItHasLeftEverywhere() {
			this.locks.lock("account", Duration.ofMinutes(30));
			assertThat(this.locks.remaining("account"))
				.hasValueSatisfying((remaining) -> assertThat(remaining).isGreaterThan(Duration.ofMinutes(29))
					.isLessThanOrEqualTo(Duration.ofMinutes(30)));
			assertThat(this.elsewhere.remaining("account")).isPresent();
			assertThat(this.locks.remaining("another")).isEmpty();
		}

		@Test
		void aNewLockReplacesTheOldOne() {
			this.locks.lock("account", Duration.ofMinutes(30));
			this.locks.lock("account", Duration.ofMinutes(1));
			assertThat(this.locks.remaining("account"))
				.hasValueSatisfying((remaining) -> assertThat(remaining).isLessThanOrEqualTo(Duration.ofMinutes(1)));
		}

		@Test
		void unlockingLiftsTheLockEverywhere() {
			this.locks.lock("account", Duration.ofMinutes(30));
			this.elsewhere.unlock("account");
			assertThat(this.locks.remaining("account")).isEmpty();
		}

		@Test
		void aLockRunsOutByItself() {
			this.locks.lock("account", SHORT);
			assertThat(this.locks.remaining("account")).isPresent();
			this.time.after(SHORT, () -> assertThat(this.locks.remaining("account")).isEmpty());
		}

		@Test
		void aLockOfNoTimeLocksNothing() {
			this.locks.lock("account", Duration.ofMinutes(30));
			this.locks.lock("account", Duration.ZERO);
			assertThat(this.locks.remaining("account")).isEmpty();
		}

	}

	@Nested
	class InMemory extends Contract {

		@BeforeEach
		void create() {
			TestClock clock = new TestClock();
			this.locks = new LocalState(clock).locks("lock:");
			this.elsewhere = this.locks;
			this.time = Time.of(clock);
		}

	}

	@Nested
	class InRedis extends Contract {

		@BeforeEach
		void create() {
			String namespace = TestRedis.namespace();
			this.locks = here.locks(namespace);
			this.elsewhere = there.locks(namespace);
			this.time = Time.ofRedis();
		}

	}

}
