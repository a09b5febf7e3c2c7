package dev.bastion.sharedstate;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bastion.sharedstate.FailurePolicy.SharedStateChanged;
import dev.bastion.sharedstate.TokenBuckets.Taken;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The failure policy, the one decorator around every kind of state in Redis, with Redis
 * stopped under it: {@code closed} refuses with 503 and Retry-After, {@code open} answers
 * from this instance's own state, including the last locks, bans and switch it saw in
 * Redis; losing and regaining Redis are events either way.
 */
class FailurePolicyTests {

	TestRedis redis;

	String namespace = TestRedis.namespace();

	@BeforeEach
	void startRedis() throws IOException {
		this.redis = TestRedis.start();
	}

	@AfterEach
	void stopRedis() throws IOException {
		this.redis.close();
	}

	@Test
	void closedPolicyRefusesWith503AndRetryAfterWhileRedisIsAway() throws IOException {
		RedisState state = this.redis.instance(false);
		SharedValues values = state.values(this.namespace);
		WindowedCounters counters = state.counters(this.namespace, Duration.ofHours(1));
		Locks locks = state.locks(this.namespace);
		TokenBuckets buckets = state.buckets(this.namespace, Duration.ofHours(1));
		Taken taken = buckets.take(TokenBucketsContractTests.THREE_AN_HOUR, "caller").getFirst();
		assertThat(state.status()).isEqualTo("UP");
		this.redis.stop();

		assertRefused(() -> values.get("ban"));
		assertRefused(() -> values.get(List.of("jti", "session")));
		assertRefused(() -> values.put("ban", "on", null));
		assertRefused(() -> values.remove("ban"));
		assertRefused(values::all);
		assertRefused(() -> counters.increment("failures"));
		assertRefused(() -> counters.addMember("names", "alice"));
		assertRefused(() -> locks.remaining("account"));
		assertRefused(() -> locks.lock("account", Duration.ofMinutes(1)));
		assertRefused(() -> buckets.take(TokenBucketsContractTests.THREE_AN_HOUR, "caller"));
		assertThat(state.status()).isEqualTo("DOWN");
		assertThat(this.redis.events).containsExactly(new SharedStateChanged(false));
	}

	@Test
	void whatIsSafeToLoseAndTheCacheNeverRefuse() throws IOException {
		RedisState state = this.redis.instance(false);
		ExpiringCache cache = state.cache(this.namespace, Duration.ofHours(1), 10);
		TokenBuckets buckets = state.buckets(this.namespace, Duration.ofHours(1));
		Taken taken = buckets.take(TokenBucketsContractTests.THREE_AN_HOUR, "caller").getFirst();
		cache.put("owner:key", "reply");
		this.redis.stop();

		assertThatCode(() -> {
			state.counters(this.namespace, Duration.ofHours(1)).reset("failures");
			state.locks(this.namespace).unlock("account");
			buckets.giveBack(taken);
			cache.put("owner:other", "reply");
			cache.removeStartingWith("owner:");
		}).doesNotThrowAnyException();
		assertThat(cache.get("owner:key")).as("a miss under the closed policy").isEmpty();
		assertThat(cache.size()).isZero();
	}

	@Test
	void openPolicyKeepsTheLocksBansAndSwitchItLastSawInRedis() throws IOException {
		RedisState elsewhere = this.redis.instance(false);
		elsewhere.values("ban:").put("192.0.2.1", "until|reason", Duration.ofHours(1));
		elsewhere.values("ban:").put("192.0.2.2", "never|read here", Duration.ofHours(1));
		elsewhere.values("emergency").put("", "3", null);
		elsewhere.locks("lock:").lock("checked", Duration.ofMinutes(30));
		elsewhere.locks("lock:").lock("never-checked", Duration.ofMinutes(30));
		RedisState state = this.redis.instance(true);
		SharedValues bans = state.values("ban:");
		SharedValues emergency = state.values("emergency");
		Locks locks = state.locks("lock:");
		assertThat(bans.get("192.0.2.1")).isEqualTo("until|reason");
		assertThat(emergency.get("")).isEqualTo("3");
		assertThat(locks.remaining("checked")).isPresent();
		locks.lock("set-here", Duration.ofMinutes(30));
		this.redis.stop();

		assertThat(bans.get("192.0.2.1")).isEqualTo("until|reason");
		assertThat(bans.get("192.0.2.2")).as("never read here").isNull();
		assertThat(emergency.get("")).isEqualTo("3");
		assertThat(locks.remaining("checked")).isPresent();
		assertThat(locks.remaining("set-here")).isPresent();
		assertThat(locks.remaining("never-checked")).as("never checked here").isEmpty();
		assertThat(state.status()).isEqualTo("DOWN");
		assertThat(this.redis.events).containsExactly(new SharedStateChanged(false));
	}

	@Test
	void openPolicyCountsAndLimitsAfreshHereAndServesItsOwnCachedEntries() throws IOException {
		RedisState state = this.redis.instance(true);
		WindowedCounters counters = state.counters(this.namespace, Duration.ofHours(1));
		TokenBuckets buckets = state.buckets(this.namespace, Duration.ofHours(1));
		ExpiringCache cache = state.cache(this.namespace, Duration.ofHours(1), 10);
		counters.increment("failures");
		counters.increment("failures");
		// Not drained: refusing from a drained bucket whose state this instance knows
		// needs no round trip at all.
		for (int i = 0; i < 2; i++) {
			buckets.take(TokenBucketsContractTests.THREE_AN_HOUR, "caller");
		}
		cache.put("owner:key", "reply");
		this.redis.stop();

		assertThat(counters.increment("failures")).isEqualTo(1);
		Taken taken = buckets.take(TokenBucketsContractTests.THREE_AN_HOUR, "caller").getFirst();
		assertThat(taken.probe().isConsumed()).isTrue();
		assertThat(taken.remote()).isFalse();
		buckets.giveBack(taken);
		assertThat(taken.probe().getRemainingTokens()).isEqualTo(2);
		assertThat(cache.get("owner:key")).hasValue("reply");
	}

	@Test
	void aBanLiftedElsewhereAfterThisInstanceSawItIsNotBroughtBackByAnOutage() throws IOException {
		RedisState elsewhere = this.redis.instance(false);
		RedisState state = this.redis.instance(true);
		SharedValues bans = state.values("ban:");
		elsewhere.values("ban:").put("192.0.2.1", "until|reason", Duration.ofHours(1));
		assertThat(bans.get("192.0.2.1")).isNotNull();
		assertThat(elsewhere.values("ban:").remove("192.0.2.1")).isTrue();
		Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> bans.get("192.0.2.1") == null);
		this.redis.stop();

		assertThat(bans.get("192.0.2.1")).isNull();
	}

	@Test
	void whenRedisReturnsItIsAnEventAndRedisIsTheTruthAgain() throws IOException {
		RedisState state = this.redis.instance(true);
		SharedValues bans = state.values(this.namespace);
		assertThat(bans.get("192.0.2.1")).isNull();
		this.redis.stop();
		bans.put("192.0.2.1", "until|set while Redis was away", Duration.ofHours(1));
		assertThat(bans.get("192.0.2.1")).as("held here meanwhile").isNotNull();
		this.redis.restart();

		// Each connection comes back on its own; until then, reads fall back to this
		// instance, where the ban is.
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> bans.get("192.0.2.1") == null && state.status().equals("UP"));
		assertThat(this.redis.events).startsWith(new SharedStateChanged(false)).endsWith(new SharedStateChanged(true));
	}

	static void assertRefused(ThrowingCallable operation) {
		assertThatExceptionOfType(BastionException.class).isThrownBy(operation).satisfies((refused) -> {
			assertThat(refused.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
			assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(5));
		});
	}

}
