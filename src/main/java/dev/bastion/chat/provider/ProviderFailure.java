package dev.bastion.chat.provider;

/**
 * A provider did not answer: it failed, or it took longer than its timeout. Carries no
 * response body, which could echo the conversation or a key.
 */
public final class ProviderFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final boolean timedOut;

	private boolean answering;

	public ProviderFailure(String provider, boolean timedOut, Throwable cause) {
		super(provider + (timedOut ? " timed out" : " failed: " + cause.getClass().getSimpleName()), null, false,
				false);
		this.timedOut = timedOut;
	}

	public boolean timedOut() {
		return this.timedOut;
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

}
