package dev.bastion.chat.provider;

import org.jspecify.annotations.Nullable;

/**
 * A provider did not answer: it failed, it took longer than its timeout, or it refused
 * the request. Carries no response body, which could echo the conversation or a key.
 */
public final class ProviderFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final boolean timedOut;

	private final Kind kind;

	private final @Nullable Integer status;

	private boolean answering;

	public ProviderFailure(String provider, boolean timedOut, Throwable cause) {
		this(provider, timedOut, cause, Kind.UNAVAILABLE, null);
	}

	ProviderFailure(String provider, boolean timedOut, Throwable cause, Kind kind, @Nullable Integer status) {
		super(provider + (timedOut ? " timed out"
				: " failed: " + cause.getClass().getSimpleName() + ((status != null) ? " (HTTP " + status + ")" : "")),
				null, false, false);
		this.timedOut = timedOut;
		this.kind = kind;
		this.status = status;
	}

	public boolean timedOut() {
		return this.timedOut;
	}

	/** Whose fault it was, which decides retry, fallback and the circuit breaker. */
	public Kind kind() {
		return this.kind;
	}

	/** The provider's HTTP status, when it answered with one. */
	public @Nullable Integer status() {
		return this.status;
	}

	/**
	 * Whether part of the answer had already been handed on: then nothing may retry it.
	 */
	public boolean answering() {
		return this.answering;
	}

	ProviderFailure whileAnswering(boolean answering) {
		this.answering = answering;
		return this;
	}

	/** Why a provider did not answer. */
	public enum Kind {

		/**
		 * The provider's own trouble (a timeout, an I/O error, 429 or 5xx): retried once,
		 * counted by its circuit breaker, and the next provider answers.
		 */
		UNAVAILABLE,

		/**
		 * The caller's request was refused (400, 413, 422: a context too long for the
		 * model, {@code max_tokens} too large): another try or provider would be refused
		 * alike, so neither is made, and the provider is not blamed.
		 */
		REJECTED,

		/**
		 * Bastion's own key, model or account was refused (401, 403, 404 and the other
		 * 4xx): nobody's request is at fault, so the provider's circuit stays as it is,
		 * nothing is retried, and the next provider answers.
		 */
		MISCONFIGURED

	}

}
