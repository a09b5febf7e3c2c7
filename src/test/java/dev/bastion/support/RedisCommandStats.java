package dev.bastion.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.api.sync.RedisCommands;

/** How many times Redis has served a command, from {@code INFO commandstats}. */
public final class RedisCommandStats {

	private RedisCommandStats() {
	}

	public static long calls(RedisCommands<String, String> redis, String command) {
		Matcher calls = Pattern.compile("cmdstat_" + Pattern.quote(command) + ":calls=(\\d+)")
			.matcher(redis.info("commandstats"));
		return calls.find() ? Long.parseLong(calls.group(1)) : 0;
	}

}
