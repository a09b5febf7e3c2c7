package dev.bastion.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.context.ApplicationEventPublisher;

import dev.bastion.audit.SecurityEvent;

/**
 * Takes the edge's security signals (forwarded headers from an untrusted peer, CSP
 * reports, refused cross-origin calls) to the audit trail, bounded so that a flood cannot
 * fill it: one event per kind and client a minute, as for rate-limit refusals, and at
 * most {@link #MAX_PER_MINUTE} of a kind a minute from all clients together. Each signal
 * is still logged every time where it happens.
 */
final class SecuritySignals {

	static final int MAX_PER_MINUTE = 100;

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

	SecuritySignals(ApplicationEventPublisher events, Clock clock) {
		this.events = events;
		this.clock = clock;
	}

	/** Audits {@code event}, from {@code client}, unless it is beyond the bounds. */
	void report(SecurityEvent event, String client) {
		if (this.reported.asMap().putIfAbsent(event.type() + "|" + client, Boolean.TRUE) != null) {
			return;
		}
		if (withinMinute(event.type())) {
			this.events.publishEvent(event);
		}
	}

	private synchronized boolean withinMinute(String type) {
		Instant now = this.clock.instant();
		Window window = this.windows.get(type);
		if (window == null || !now.isBefore(window.start().plus(WINDOW))) {
			window = new Window(now, 0);
		}
		if (window.count() >= MAX_PER_MINUTE) {
			return false;
		}
		this.windows.put(type, new Window(window.start(), window.count() + 1));
		return true;
	}

	private record Window(Instant start, int count) {
	}

}
