package dev.bastion.sharedstate;

import org.springframework.core.convert.converter.Converter;

import dev.bastion.system.InvalidSettingException;

/**
 * What limited requests get while Redis is unreachable ({@code REDIS_FAILURE_POLICY}).
 */
enum RedisFailurePolicy {

	/** {@code 503 SERVICE_UNAVAILABLE} until Redis is back. */
	CLOSED,

	/** Each instance's own state, as it last saw Redis. */
	OPEN;

	/** Binds the value as written, lower case, and refuses anything else. */
	static final class FromSetting implements Converter<String, RedisFailurePolicy> {

		@Override
		public RedisFailurePolicy convert(String value) {
			return switch (value) {
				case "closed" -> CLOSED;
				case "open" -> OPEN;
				default -> throw new InvalidSettingException("must be closed or open",
						"closed answers 503 while Redis is down; open falls back to each instance's own limits.");
			};
		}

	}

}
