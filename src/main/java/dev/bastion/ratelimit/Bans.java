package dev.bastion.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Addresses refused for a while after suspicious activity; every request from them gets a
 * 403 until the ban runs out or an admin lifts it.
 */
public final class Bans {

	private final Map<String, Ban> bans = new ConcurrentHashMap<>();

	private final Clock clock;

	Bans(Clock clock) {
		this.clock = clock;
	}

	Ban ban(String address, Duration duration, String reason) {
		Ban ban = new Ban(address, this.clock.instant().plus(duration), reason);
		this.bans.put(address, ban);
		return ban;
	}

	Optional<Ban> active(String address) {
		Ban ban = this.bans.get(address);
		if (ban != null && !ban.until().isAfter(this.clock.instant())) {
			this.bans.remove(address, ban);
			return Optional.empty();
		}
		return Optional.ofNullable(ban);
	}

	public List<Ban> list() {
		Instant now = this.clock.instant();
		this.bans.values().removeIf((ban) -> !ban.until().isAfter(now));
		return this.bans.values().stream().sorted(Comparator.comparing(Ban::until)).toList();
	}

	/** Lifts the ban of an address; false if it had none. */
	public boolean lift(String address) {
		return this.bans.remove(address) != null;
	}

	/** A banned address, until when, and why. */
	public record Ban(String ip, Instant until, String reason) {
	}

}
