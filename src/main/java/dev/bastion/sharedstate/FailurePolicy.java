package dev.bastion.sharedstate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.audit.SecurityEvent;

/**
 * What happens when Redis cannot be reached ({@code REDIS_FAILURE_POLICY}):
 * {@code closed} refuses the request with 503 and Retry-After, {@code open} answers from
 * this instance's own state. Losing and regaining Redis are security events. Every
 * operation on Redis goes through here, by way of the {@code Guarded*} decorators.
 */
final class FailurePolicy {

	private static final Logger logger = LoggerFactory.getLogger(FailurePolicy.class);

	private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final boolean open;

	private final ApplicationEventPublisher events;

	private final Runnable onFailure;

	private final AtomicBoolean healthy = new AtomicBoolean(true);

	/**
	 * @param onFailure run after every failed operation (drops copies that may be stale)
	 */
	FailurePolicy(boolean open, ApplicationEventPublisher events, Runnable onFailure) {
		this.open = open;
		this.events = events;
		this.onFailure = onFailure;
	}

	/**
	 * Whether this instance falls back on its own state, so that it should keep copies of
	 * what it last saw in Redis.
	 */
	boolean open() {
		return this.open;
	}

	/**
	 * Runs {@code redis}; when it fails, answers with {@code local} (policy open) or
	 * refuses the request with 503 (policy closed).
	 */
	<T extends @Nullable Object> T attempt(Supplier<T> redis, Supplier<T> local) {
		try {
			T result = redis.get();
			// Read first: a compare-and-set on every call would contend across cores.
			if (!this.healthy.get() && this.healthy.compareAndSet(false, true)) {
				logger.warn("Redis is reachable again; shared state is back in use");
				this.events.publishEvent(new SharedStateChanged(true));
			}
			return result;
		}
		catch (RuntimeException ex) {
			this.onFailure.run();
			if (this.healthy.compareAndSet(true, false)) {
				logger.error("Redis is unreachable ({}); policy {}", ex.getClass().getSimpleName(),
						this.open ? "open: using this instance's own state" : "closed: refusing limited requests");
				this.events.publishEvent(new SharedStateChanged(false));
			}
			if (this.open) {
				return local.get();
			}
			throw new BastionException(ErrorCode.SERVICE_UNAVAILABLE, "Shared state is unavailable; try again shortly.",
					RETRY_AFTER);
		}
	}

	/** As {@link #attempt}, for a change: {@code local} makes it here instead. */
	void run(Runnable redis, Runnable local) {
		attempt(() -> {
			redis.run();
			return Boolean.TRUE;
		}, () -> {
			local.run();
			return Boolean.FALSE;
		});
	}

	/**
	 * Runs {@code redis} if Redis can be reached, and otherwise carries on, whatever the
	 * policy: for changes that are safe to lose.
	 */
	void tryRun(Runnable redis) {
		try {
			run(redis, () -> {
			});
		}
		catch (BastionException ex) {
			// Policy closed: this change is lost from Redis, and that is safe.
		}
	}

	/** Redis went away ({@code CRITICAL}) or came back. */
	record SharedStateChanged(boolean available) implements SecurityEvent {

		@Override
		public Severity severity() {
			return this.available ? Severity.WARNING : Severity.CRITICAL;
		}

		@Override
		public String type() {
			return this.available ? "SHARED_STATE_RECOVERED" : "SHARED_STATE_UNAVAILABLE";
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("store", "redis");
		}

	}

}
