package dev.bastion.sharedstate;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link ExpiringCache}, in memory and in Redis. */
class ExpiringCacheContractTests {

	static final Duration TTL = Duration.ofMillis(300);

	static final int MAX_ENTRIES = 5;

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

		ExpiringCache cache;

		/** Another instance's view of the same cache (in memory: this instance's). */
		ExpiringCache elsewhere;

		/** A cache whose entries live an hour. */
		ExpiringCache lasting;

		Time time;

		@Test
		void anEntryPutIsFoundEverywhereAndAMissingOneIsNot() {
			this.cache.put("owner:key", "reply");
			assertThat(this.cache.get("owner:key")).hasValue("reply");
			assertThat(this.elsewhere.get("owner:key")).hasValue("reply");
			assertThat(this.cache.get("owner:other")).isEmpty();
		}

		@Test
		void anEntryExpiresItsTimeToLiveAfterItWasPut() {
			this.cache.put("owner:key", "reply");
			assertThat(this.cache.size()).isEqualTo(1);
			this.time.after(TTL, () -> assertThat(this.cache.get("owner:key")).isEmpty());
			assertThat(this.cache.size()).isZero();
		}

		@Test
		void removingByPrefixDropsThatOwnersEntriesOnly() {
			this.lasting.put("alice:1", "a");
			this.lasting.put("alice:2", "b");
			this.lasting.put("a*:3", "c");
			this.lasting.put("bob:1", "d");
			this.elsewhere.put("alice:3", "not this cache");
			this.lasting.removeStartingWith("alice:");
			this.lasting.removeStartingWith("a*");
			assertThat(this.lasting.get("alice:1")).isEmpty();
			assertThat(this.lasting.get("alice:2")).isEmpty();
			assertThat(this.lasting.get("a*:3")).isEmpty();
			assertThat(this.lasting.get("bob:1")).hasValue("d");
			assertThat(this.lasting.size()).isEqualTo(1);
		}

		@Test
		void theCacheHoldsNoMoreThanItsBound() {
			for (int i = 0; i < MAX_ENTRIES + 3; i++) {
				this.lasting.put("owner:" + i, "reply " + i);
			}
			assertThat(this.lasting.size()).isEqualTo(MAX_ENTRIES);
		}

	}

	@Nested
	class InMemory extends Contract {

		@BeforeEach
		void create() {
			TestClock clock = new TestClock();
			LocalState state = new LocalState(clock);
			this.cache = state.cache("cache:", TTL, MAX_ENTRIES);
			this.elsewhere = this.cache;
			this.lasting = state.cache("lasting:", Duration.ofHours(1), MAX_ENTRIES);
			this.time = Time.of(clock);
		}

	}

	@Nested
	class InRedis extends Contract {

		@BeforeEach
		void create() {
			String namespace = TestRedis.namespace();
			this.cache = here.cache(namespace, TTL, MAX_ENTRIES);
			this.elsewhere = there.cache(namespace, TTL, MAX_ENTRIES);
			this.lasting = here.cache(TestRedis.namespace(), Duration.ofHours(1), MAX_ENTRIES);
			this.time = Time.ofRedis();
		}

		/** The oldest entries go first. */
		@Test
		void theOldestEntriesMakeWayForNewOnes() {
			for (int i = 0; i < MAX_ENTRIES + 2; i++) {
				this.lasting.put("owner:" + i, "reply " + i);
			}
			assertThat(this.lasting.get("owner:0")).isEmpty();
			assertThat(this.lasting.get("owner:1")).isEmpty();
			assertThat(this.lasting.get("owner:" + (MAX_ENTRIES + 1))).hasValue("reply " + (MAX_ENTRIES + 1));
		}

	}

}
