package dev.bastion.audit;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A security-relevant fact, published by the module where it happens as a past-tense
 * record ({@code AccountLocked}, {@code RefreshTokenReused}); the audit module listens,
 * so no call site can forget to audit. Never carries a password, token, key or message
 * text.
 */
public interface SecurityEvent {

	Severity severity();

	/**
	 * The account concerned, if any (records with an {@code accountId} component supply
	 * it).
	 */
	default @Nullable UUID accountId() {
		return null;
	}

	/** The username concerned, if any. */
	default @Nullable String username() {
		return null;
	}

	/** Extra facts worth keeping; short, non-secret values only. */
	default Map<String, Object> details() {
		return Map.of();
	}

	/**
	 * Whether the module logged the event itself where it happened (with more context
	 * than the event carries), so that the security log does not show it twice; it still
	 * reaches the audit trail.
	 */
	default boolean alreadyLogged() {
		return false;
	}

	/**
	 * Where the request behind the event came from, for an event published away from it
	 * (on a background thread); null for the current request's.
	 */
	default @Nullable Caller caller() {
		return null;
	}

	/** {@code ACCOUNT_LOCKED} for {@code AccountLocked}. */
	default String type() {
		return getClass().getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
	}

	/** A client's address and {@code User-Agent}. */
	record Caller(String address, @Nullable String userAgent) {
	}

	/** How urgent an event is; {@code CRITICAL} ones may page someone. */
	enum Severity {

		INFO, WARNING, CRITICAL

	}

}
