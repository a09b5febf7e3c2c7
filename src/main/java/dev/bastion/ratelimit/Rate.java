package dev.bastion.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.convert.converter.Converter;

import dev.bastion.system.InvalidSettingException;

/**
 * One or more bandwidths, all of which apply, as a {@code RATE_LIMIT_*} variable writes
 * them: {@code 100/1h}, {@code 50/1h,200/1d}.
 *
 * @param limits the bandwidths, at least one
 */
record Rate(List<RatePolicy.Limit> limits) {

	private static final Pattern LIMIT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\w+)\\s*");

	Rate {
		limits = List.copyOf(limits);
	}

	/** The limit of the endpoint class {@code name}, reported in the headers under it. */
	RatePolicy named(String name) {
		return new RatePolicy(name, this.limits);
	}

	/** Binds {@code COUNT/DURATION[,COUNT/DURATION]} and refuses anything else. */
	static final class FromSetting implements Converter<String, Rate> {

		@Override
		public Rate convert(String text) {
			List<RatePolicy.Limit> limits = new ArrayList<>();
			for (String part : text.split(",")) {
				Matcher matcher = LIMIT.matcher(part);
				Duration period = matcher.matches() ? parseDuration(matcher.group(2)) : null;
				long count = matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
				if (period == null || period.isZero() || period.isNegative() || count < 1) {
					throw new InvalidSettingException("is not a limit like 100/1h or 50/1h,200/1d",
							"Write each limit as COUNT/DURATION with a duration such as 30s, 1m, 1h or 1d.");
				}
				limits.add(new RatePolicy.Limit(count, period));
			}
			return new Rate(limits);
		}

		private static @Nullable Duration parseDuration(String text) {
			try {
				return DurationStyle.SIMPLE.parse(text);
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

	}

}
