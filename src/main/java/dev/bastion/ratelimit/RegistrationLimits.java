package dev.bastion.ratelimit;

import org.jspecify.annotations.Nullable;

import dev.bastion.ratelimit.RateLimiter.Decision;

/**
 * The coarser buckets a registration must pass once its address's bucket allowed it: the
 * IPv6 /48 it comes from, then one bucket for everyone (with Redis, of every instance).
 * Each is taken only when the finer ones allowed the request, so that an address over its
 * own limit cannot drain them; a token taken for a registration that is refused after all
 * is given back.
 */
final class RegistrationLimits {

	static final String GLOBAL = "global";

	private final RateLimiter limiter;

	private final RatePolicy site;

	private final RatePolicy global;

	RegistrationLimits(RateLimiter limiter, RatePolicy site, RatePolicy global) {
		this.limiter = limiter;
		this.site = site;
		this.global = global;
	}

	/**
	 * Takes a token from the client's /48 (IPv6 only) and from everyone's bucket, for a
	 * registration its address's bucket allowed ({@code byAddress}): either the first
	 * refusal, or the decision closest to running out, for the headers.
	 */
	Outcome consume(String clientAddress, Decision byAddress) {
		String network = ClientAddresses.ipv6Site(clientAddress);
		Decision closest = byAddress;
		Decision bySite = null;
		if (network != null) {
			bySite = this.limiter.consume(this.site, key(this.site, network));
			if (!bySite.allowed()) {
				this.limiter.giveBack(byAddress);
				return new Outcome(bySite, network);
			}
			closest = closer(closest, bySite);
		}
		Decision byEveryone = this.limiter.consume(this.global, key(this.global, GLOBAL));
		if (!byEveryone.allowed()) {
			this.limiter.giveBack(byAddress);
			if (bySite != null) {
				this.limiter.giveBack(bySite);
			}
			return new Outcome(byEveryone, GLOBAL);
		}
		return new Outcome(closer(closest, byEveryone), null);
	}

	private static String key(RatePolicy policy, String subject) {
		return policy.name() + "|" + subject;
	}

	private static Decision closer(Decision one, Decision other) {
		return (other.remaining() < one.remaining()) ? other : one;
	}

	/**
	 * The decision to report, and when it refuses, whom it refuses (the /48 or
	 * {@code global}).
	 */
	record Outcome(Decision decision, @Nullable String refused) {
	}

}
