package dev.bastion.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.SetArgs;

import dev.bastion.system.SharedStore;

/**
 * Addresses refused for a while after suspicious activity; every request from them gets a
 * 403 until the ban runs out or an admin lifts it. Kept in Redis when instances share
 * state, read through copies Redis keeps current, so a ban and its lifting hold
 * everywhere at once. This instance also keeps each ban it read there, to hold while
 * Redis is away under {@code REDIS_FAILURE_POLICY=open}.
 */
public final class Bans {

	static final String PREFIX = SharedStore.TRACKED + "ban:";

	private final Map<String, Ban> local = new ConcurrentHashMap<>();

	private final SharedStore shared;

	private final Clock clock;

	Bans(SharedStore shared, Clock clock) {
		this.shared = shared;
		this.clock = clock;
	}

	Ban ban(String address, Duration duration, String reason) {
		Ban ban = new Ban(address, this.clock.instant().plus(duration), reason);
		this.local.put(address, ban);
		if (this.shared.enabled()) {
			this.shared.callTracked((redis) -> redis.set(PREFIX + address, ban.until().toEpochMilli() + "|" + reason,
					SetArgs.Builder.px(duration.toMillis())), () -> null);
		}
		return ban;
	}

	/** Whether the address is banned. */
	Optional<Ban> active(String address) {
		if (this.shared.enabled()) {
			return this.shared.readTracked(List.of(PREFIX + address), (values) -> {
				String value = values.get(0);
				// A copy can outlive the key's expiry for a moment.
				Optional<Ban> ban = Optional.ofNullable(value)
					.map((stored) -> parse(address, stored))
					.filter((found) -> found.until().isAfter(this.clock.instant()));
				remember(address, ban);
				return ban;
			}, () -> activeLocally(address));
		}
		return activeLocally(address);
	}

	/** Keeps the local copy as Redis has it: the state to fall back on. */
	private void remember(String address, Optional<Ban> ban) {
		if (ban.isEmpty()) {
			this.local.remove(address);
		}
		else if (!ban.get().equals(this.local.get(address))) {
			this.local.put(address, ban.get());
		}
	}

	private Optional<Ban> activeLocally(String address) {
		Ban ban = this.local.get(address);
		if (ban != null && !ban.until().isAfter(this.clock.instant())) {
			this.local.remove(address, ban);
			return Optional.empty();
		}
		return Optional.ofNullable(ban);
	}

	public List<Ban> list() {
		if (this.shared.enabled()) {
			return this.shared.call((redis) -> {
				List<Ban> bans = new ArrayList<>();
				ScanIterator<String> keys = ScanIterator.scan(redis, ScanArgs.Builder.matches(PREFIX + "*"));
				while (keys.hasNext()) {
					String key = keys.next();
					String value = redis.get(key);
					if (value != null) {
						bans.add(parse(key.substring(PREFIX.length()), value));
					}
				}
				bans.sort(Comparator.comparing(Ban::until));
				return bans;
			}, this::listLocally);
		}
		return listLocally();
	}

	private List<Ban> listLocally() {
		Instant now = this.clock.instant();
		this.local.values().removeIf((ban) -> !ban.until().isAfter(now));
		return this.local.values().stream().sorted(Comparator.comparing(Ban::until)).toList();
	}

	/** Lifts the ban of an address; false if it had none. */
	public boolean lift(String address) {
		boolean lifted = this.local.remove(address) != null;
		if (this.shared.enabled()) {
			lifted = this.shared.callTracked((redis) -> redis.del(PREFIX + address) > 0, () -> false) || lifted;
		}
		return lifted;
	}

	private static Ban parse(String address, String value) {
		int bar = value.indexOf('|');
		return new Ban(address, Instant.ofEpochMilli(Long.parseLong(value.substring(0, bar))),
				value.substring(bar + 1));
	}

	/** A banned address, until when, and why. */
	public record Ban(String ip, Instant until, String reason) {
	}

}
