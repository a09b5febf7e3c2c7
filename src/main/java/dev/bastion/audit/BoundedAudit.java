package dev.bastion.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes security events that anyone can cause without end (a refusal, a signal from
 * the edge), bounded so that a flood from many clients cannot fill the audit trail: one
 * event per kind and client a minute, and at most {@link #MAX_PER_MINUTE} of a kind a
 * minute from all clients together. The first event of a kind beyond that bound in a
 * minute is logged once (the {@code security} stream still counts nothing for those: the
 * caller's own log or metric counts every occurrence).
 */
public final class BoundedAudit {

	/** The most events of one kind audited in a minute, from all clients together. */
	public static final int MAX_PER_MINUTE = 100;

	private static final Logger logger = LoggerFactory.getLogger(BoundedAudit.class);

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private static final int MAX_CLIENTS = 100_000;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Cache<String, Boolean> reported = Caffeine.newBuilder()
		.maximumSize(MAX_CLIENTS)
		.expireAfterWrite(WINDOW)
		.build();

	/** Per kind: the start of its current minute and how many were audited in it. */
	private final Map<String, Window> windows = new HashMap<>();

	public BoundedAudit(ApplicationEventPublisher events, Clock clock) {
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Publishes {@code event}, from {@code client} (whatever the caller counts by: an
	 * address, an account, a policy and subject), unless it is beyond the bounds.
	 * @return whether it was published
	 */
	public boolean report(SecurityEvent event, String client) {
		if (this.reported.asMap().putIfAbsent(event.type() + "|" + client, Boolean.TRUE) != null) {
			return false;
		}
		if (!withinMinute(event.type())) {
			return false;
		}
		this.events.publishEvent(event);
		return true;
	}

	private synchronized boolean withinMinute(String type) {
		Instant now = this.clock.instant();
		Window window = this.windows.get(type);
		if (window == null || !now.isBefore(window.start().plus(WINDOW))) {
			window = new Window(now, 0, false);
		}
		if (window.count() < MAX_PER_MINUTE) {
			this.windows.put(type, new Window(window.start(), window.count() + 1, false));
			return true;
		}
		if (!window.dropping()) {
			logger.warn("{} {} events audited this minute, the most in a minute: the rest of the minute's are not",
					MAX_PER_MINUTE, type);
			this.windows.put(type, new Window(window.start(), window.count(), true));
		}
		return false;
	}

	/**
	 * A kind's current minute: when it started, how many were audited, whether one was
	 * not.
	 */
	private record Window(Instant start, int count, boolean dropping) {
	}

}
