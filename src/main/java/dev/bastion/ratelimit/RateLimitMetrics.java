package dev.bastion.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;

/**
 * The limits at work, for Prometheus: requests refused with 429 per policy (each endpoint
 * class has its own: {@code chat}, {@code login}...; besides them the registration limits
 * and the emergency limit) and addresses banned. Counted on the refusal only, so a
 * request let through costs nothing more; every policy's series exists from the start at
 * 0, so a dashboard's rate shows 0 rather than no data.
 */
final class RateLimitMetrics {

	static final String REFUSED = "bastion.http.rate.limited";

	static final String BANS = "bastion.bans";

	private final MeterRegistry registry;

	private final Map<String, Counter> refused = new ConcurrentHashMap<>();

	private final Counter bans;

	RateLimitMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.bans = Counter.builder(BANS)
			.description("Client addresses banned for brute force or credential stuffing")
			.register(registry);
		Stream.concat(Stream.of(EndpointClass.values()).map(EndpointClass::policyName),
				Stream.of(RateLimitConfiguration.REGISTER_IPV6_SITE, RateLimitConfiguration.REGISTER_GLOBAL,
						EmergencyLimit.POLICY))
			.forEach(this::counter);
	}

	void refused(String policy) {
		counter(policy).increment();
	}

	@EventListener
	void on(IntrusionDetection.AddressBanned banned) {
		this.bans.increment();
	}

	private Counter counter(String policy) {
		return this.refused.computeIfAbsent(policy,
				(name) -> Counter.builder(REFUSED)
					.description("Requests refused with 429 by a rate limit")
					.tag("policy", name)
					.register(this.registry));
	}

}
