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
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;

import dev.bastion.auth.LoginFailed;
import dev.bastion.system.SecurityEvent;

/**
 * Watches failed logins per client address: more than the allowed number within the
 * window, or failures for many different login names (credential stuffing), ban the
 * address and raise a {@code CRITICAL} event.
 */
final class IntrusionDetection {

	private static final int MAX_ADDRESSES = 100_000;

	private final Bans bans;

	private final RateLimitProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Cache<String, Failures> failures;

	IntrusionDetection(Bans bans, RateLimitProperties properties, ApplicationEventPublisher events, Clock clock) {
		this.bans = bans;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
		this.failures = Caffeine.newBuilder()
			.maximumSize(MAX_ADDRESSES)
			.expireAfterAccess(properties.detectionWindow())
			.build();
	}

	@EventListener
	void on(LoginFailed failed) {
		String address = ClientAddresses.key(failed.clientIp());
		Failures counter = Objects.requireNonNull(this.failures.get(address, (key) -> new Failures()));
		String reason;
		synchronized (counter) {
			Instant now = this.clock.instant();
			Instant oldest = now.minus(this.properties.detectionWindow());
			counter.add(now, failed.loginFingerprint(), oldest);
			if (counter.count() > this.properties.banAfterFailedLogins()) {
				reason = "more than " + this.properties.banAfterFailedLogins() + " failed logins";
			}
			else if (counter.distinctUsernames() >= this.properties.banAfterDistinctUsernames()) {
				reason = "failed logins for " + counter.distinctUsernames() + " different accounts";
			}
			else {
				return;
			}
			counter.clear();
		}
		Bans.Ban ban = this.bans.ban(address, this.properties.banDuration(), reason);
		this.events.publishEvent(new AddressBanned(ban.ip(), reason, this.properties.banDuration()));
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
		public @Nullable UUID accountId() {
			return null;
		}

		@Override
		public @Nullable String username() {
			return null;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("banned_ip", this.ip, "reason", this.reason, "ban_seconds", this.duration.toSeconds());
		}

	}

}
