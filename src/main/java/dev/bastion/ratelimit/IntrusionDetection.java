package dev.bastion.ratelimit;

import java.time.Duration;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;

import dev.bastion.sharedstate.WindowedCounters;
import dev.bastion.audit.FailedGuess;
import dev.bastion.audit.SecurityEvent;

/**
 * Watches failed logins (and other wrong guesses: a setup code) per client address: more
 * than the allowed number within the window, or failures for many different login names
 * (credential stuffing), ban the address and raise a {@code CRITICAL} event.
 */
final class IntrusionDetection {

	private final Bans bans;

	private final RateLimitProperties properties;

	private final ApplicationEventPublisher events;

	/** Per address: failures ({@code n:}) and the login names they tried ({@code u:}). */
	private final WindowedCounters failures;

	IntrusionDetection(Bans bans, RateLimitProperties properties, WindowedCounters failures,
			ApplicationEventPublisher events) {
		this.bans = bans;
		this.properties = properties;
		this.failures = failures;
		this.events = events;
	}

	@EventListener
	void on(FailedGuess failed) {
		String address = ClientAddresses.key(failed.clientIp());
		long count = this.failures.increment("n:" + address);
		long names = this.failures.addMember("u:" + address, failed.loginFingerprint());
		String reason;
		if (count > this.properties.banAfterFailedLogins()) {
			reason = "more than " + this.properties.banAfterFailedLogins() + " failed logins";
		}
		else if (names >= this.properties.banAfterDistinctUsernames()) {
			reason = "failed logins for " + names + " different accounts";
		}
		else {
			return;
		}
		this.failures.reset("n:" + address, "u:" + address);
		Bans.Ban ban = this.bans.ban(address, this.properties.banDuration(), reason);
		this.events.publishEvent(new AddressBanned(ban.ip(), reason, this.properties.banDuration()));
	}

	/** An address was banned for brute force or credential stuffing. */
	record AddressBanned(String ip, String reason, Duration duration) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.CRITICAL;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("banned_ip", this.ip, "reason", this.reason, "ban_seconds", this.duration.toSeconds());
		}

	}

}
