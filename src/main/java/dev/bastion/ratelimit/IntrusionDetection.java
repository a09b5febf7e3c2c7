package dev.bastion.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.api.sync.RedisCommands;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;

import dev.bastion.system.FailedGuess;
import dev.bastion.system.SecurityEvent;
import dev.bastion.system.SharedStore;

/**
 * Watches failed logins (and other wrong guesses: a setup code) per client address: more
 * than the allowed number within the window, or failures for many different login names
 * (credential stuffing), ban the address and raise a {@code CRITICAL} event.
 */
final class IntrusionDetection {

	private static final int MAX_ADDRESSES = 100_000;

	private static final String PREFIX = "bastion:ids:";

	private final Bans bans;

	private final RateLimitProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Cache<String, Failures> failures;

	private final SharedStore shared;

	IntrusionDetection(Bans bans, RateLimitProperties properties, SharedStore shared, ApplicationEventPublisher events,
			Clock clock) {
		this.bans = bans;
		this.shared = shared;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
		this.failures = Caffeine.newBuilder()
			.maximumSize(MAX_ADDRESSES)
			.expireAfterAccess(properties.detectionWindow())
			.build();
	}

	@EventListener
	void on(FailedGuess failed) {
		String address = ClientAddresses.key(failed.clientIp());
		long[] counts = this.shared.enabled()
				? this.shared.call((redis) -> countInRedis(redis, address, failed.loginFingerprint()),
						() -> countLocally(address, failed.loginFingerprint()))
				: countLocally(address, failed.loginFingerprint());
		String reason;
		if (counts[0] > this.properties.banAfterFailedLogins()) {
			reason = "more than " + this.properties.banAfterFailedLogins() + " failed logins";
		}
		else if (counts[1] >= this.properties.banAfterDistinctUsernames()) {
			reason = "failed logins for " + counts[1] + " different accounts";
		}
		else {
			return;
		}
		forget(address);
		Bans.Ban ban = this.bans.ban(address, this.properties.banDuration(), reason);
		this.events.publishEvent(new AddressBanned(ban.ip(), reason, this.properties.banDuration()));
	}

	/**
	 * Failures and distinct login names of the address within the window (fixed windows
	 * in Redis).
	 */
	private long[] countInRedis(RedisCommands<String, String> redis, String address, String login) {
		String failures = PREFIX + "n:" + address;
		String names = PREFIX + "u:" + address;
		long window = this.properties.detectionWindow().toMillis();
		long count = redis.incr(failures);
		if (count == 1) {
			redis.pexpire(failures, window);
		}
		if (redis.sadd(names, login) == 1 && redis.scard(names) == 1) {
			redis.pexpire(names, window);
		}
		return new long[] { count, redis.scard(names) };
	}

	private long[] countLocally(String address, String login) {
		Failures counter = Objects.requireNonNull(this.failures.get(address, (key) -> new Failures()));
		synchronized (counter) {
			Instant now = this.clock.instant();
			Instant oldest = now.minus(this.properties.detectionWindow());
			counter.add(now, login, oldest);
			return new long[] { counter.count(), counter.distinctUsernames() };
		}
	}

	private void forget(String address) {
		this.failures.invalidate(address);
		if (this.shared.enabled()) {
			this.shared.call((redis) -> redis.del(PREFIX + "n:" + address, PREFIX + "u:" + address), () -> 0L);
		}
	}

	private static final class Failures {

		private final Deque<Instant> times = new ArrayDeque<>();

		private final Deque<String> usernames = new ArrayDeque<>();

		void add(Instant now, String username, Instant oldest) {
			this.times.addLast(now);
			this.usernames.addLast(username);
			for (Instant first = this.times.peekFirst(); first != null
					&& first.isBefore(oldest); first = this.times.peekFirst()) {
				this.times.removeFirst();
				this.usernames.removeFirst();
			}
		}

		int count() {
			return this.times.size();
		}

		int distinctUsernames() {
			Set<String> distinct = new HashSet<>(this.usernames);
			return distinct.size();
		}

		void clear() {
			this.times.clear();
			this.usernames.clear();
		}

	}

	/** An address was banned for brute force or credential stuffing. */
	record AddressBanned(String ip, String reason, Duration duration) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.CRITICAL;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("banned_ip", this.ip, "reason", this.reason, "ban_seconds", this.duration.toSeconds());
		}

	}

}
