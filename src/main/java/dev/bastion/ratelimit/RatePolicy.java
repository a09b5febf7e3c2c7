package dev.bastion.ratelimit;

import java.time.Duration;
import java.util.List;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;

/**
 * A named limit of one or more bandwidths ({@code 100/1h}, {@code 50/1h,200/1d}): the
 * {@link Rate} of one endpoint class.
 */
record RatePolicy(String name, List<Limit> limits) {

	/** The limits of one bucket. */
	BucketConfiguration configuration() {
		var builder = BucketConfiguration.builder();
		bandwidths().forEach(builder::addLimit);
		return builder.build();
	}

	private List<Bandwidth> bandwidths() {
		return this.limits.stream()
			.map((limit) -> Bandwidth.builder()
				.capacity(limit.count())
				.refillGreedy(limit.count(), limit.period())
				.build())
			.toList();
	}

	/** The tightest bandwidth, reported in the headers. */
	Limit tightest() {
		return this.limits.stream()
			.min((a, b) -> Double.compare((double) a.count() / a.period().toSeconds(),
					(double) b.count() / b.period().toSeconds()))
			.orElseThrow();
	}

	/** {@code RateLimit-Policy} per draft-ietf-httpapi-ratelimit-headers. */
	String policyHeader() {
		return String.join(", ",
				this.limits.stream()
					.map((limit) -> "\"" + this.name + "\";q=" + limit.count() + ";w=" + limit.period().toSeconds())
					.toList());
	}

	record Limit(long count, Duration period) {
	}

}
