package dev.bastion.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bastion.chat.provider.ProviderFailure;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * What a provider's failure means for the turn: the next provider is asked, unless the
 * provider rejected the request itself. The provider's own words are never passed on:
 * they may quote the prompt.
 */
final class ProviderFailures {

	private static final Logger logger = LoggerFactory.getLogger(ProviderFailures.class);

	private ProviderFailures() {
	}

	/**
	 * Logs why the provider did not answer, so that the next one can be asked; refuses
	 * the caller at once when the provider rejected the request: the next provider would
	 * be asked something the configured one refuses, and an answer from a model the
	 * caller's request was not made for is not what was asked.
	 */
	static void handOver(String provider, ProviderFailure failure) {
		switch (failure.kind()) {
			case REJECTED -> {
				logger.info("Provider {} rejected a request (HTTP {})", provider, failure.status());
				throw new BastionException(ErrorCode.PROVIDER_REJECTED,
						"The model refused this request, usually because the conversation is too long for it or "
								+ "max_tokens is too large; shorten the message, start a new conversation or ask for "
								+ "fewer tokens.");
			}
			case MISCONFIGURED -> logger
				.warn("Provider {} refused Bastion's own credentials or settings (HTTP {}): check its API key, model "
						+ "name and account; trying the next provider", provider, failure.status());
			case UNAVAILABLE ->
				logger.warn("Provider {} did not answer ({})", provider, failure.timedOut() ? "timeout" : "failure");
		}
	}

}
