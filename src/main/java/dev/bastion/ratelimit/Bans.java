package dev.bastion.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.bastion.sharedstate.SharedValues;

/**
 * Addresses refused for a while after suspicious activity; every request from them gets a
 * 403 until the ban runs out or an admin lifts it. Kept as shared values, so that a ban
 * and its lifting hold on every instance at once, read on every request without a round
 * trip.
 */
public final class Bans {

	private final SharedValues bans;

	private final Clock clock;

	Bans(SharedValues bans, Clock clock) {
		this.bans = bans;
		this.clock = clock;
	}

	Ban ban(String address, Duration duration, String reason) {
		Ban ban = new Ban(address, this.clock.instant().plus(duration), reason);
		this.bans.put(address, ban.until().toEpochMilli() + "|" + reason, duration);
		return ban;
	}

	/** Whether the address is banned. */
	Optional<Ban> active(String address) {
		String value = this.bans.get(address);
		// A copy of a ban can outlive its expiry for a moment.
		return (value != null) ? Optional.of(parse(address, value)).filter(this::inForce) : Optional.empty();
	}

	public List<Ban> list() {
		return this.bans.all()
			.entrySet()
			.stream()
			.map((ban) -> parse(ban.getKey(), ban.getValue()))
			.filter(this::inForce)
			.sorted(Comparator.comparing(Ban::until))
			.toList();
	}

	/**
	 * Lifts the ban of an address (an IPv6 address stands for its /64, as when it was
	 * banned); false if it had none.
	 */
	public boolean lift(String address) {
		return this.bans.remove(ClientAddresses.key(address));
	}

	private boolean inForce(Ban ban) {
		return ban.until().isAfter(this.clock.instant());
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
