package dev.bastion.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

import dev.bastion.system.InsecureConfigurationException;

/**
 * A named limit of one or more bandwidths ({@code 100/1h}, {@code 50/1h,200/1d}).
 */
record RatePolicy(String name, List<Limit> limits) {

	private static final Pattern LIMIT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\w+)\\s*");

	static RatePolicy parse(String name, String variable, String text) {
		List<Limit> limits = new ArrayList<>();
		for (String part : text.split(",")) {
			Matcher matcher = LIMIT.matcher(part);
			Duration period = matcher.matches() ? parseDuration(matcher.group(2)) : null;
			long count = matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
			if (period == null || period.isZero() || period.isNegative() || count < 1) {
				throw new InsecureConfigurationException(variable, "is not a limit like 100/1h or 50/1h,200/1d",
						"Write each limit as COUNT/DURATION with a duration such as 30s, 1m, 1h or 1d.");
			}
			limits.add(new Limit(count, period));
		}
		return new RatePolicy(name, List.copyOf(limits));
	}

	private static @Nullable Duration parseDuration(String text) {
		try {
			return DurationStyle.SIMPLE.parse(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

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
