package dev.bastion.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.bastion.chat.provider.ChatProvider;
import dev.bastion.chat.provider.ResilientProvider;

/**
 * The assistant's part of the health report: each provider's state and the reply cache.
 */
@Component
public class ChatHealth {

	private final List<ChatProvider> providers;

	private final ReplyCache cache;

	ChatHealth(List<ChatProvider> providers, ReplyCache cache) {
		this.providers = providers;
		this.cache = cache;
	}

	/**
	 * Per provider: {@code status} ({@code UP} unless its circuit is open) and
	 * {@code circuit}.
	 */
	public Map<String, Map<String, String>> providers() {
		Map<String, Map<String, String>> report = new LinkedHashMap<>();
		for (ChatProvider provider : this.providers) {
			String circuit = (provider instanceof ResilientProvider resilient)
					? resilient.circuitBreaker().getState().name() : "CLOSED";
			report.put(provider.name(), Map.of("status", circuit.equals("OPEN") ? "DOWN" : "UP", "circuit", circuit));
		}
		return report;
	}

	/**
	 * Asks each provider whether it can be reached (for {@code doctor}): what it found,
	 * or why not. Slow: it calls the providers.
	 */
	public Map<String, Probe> probeProviders() {
		Map<String, Probe> probes = new LinkedHashMap<>();
		for (ChatProvider provider : this.providers) {
			try {
				probes.put(provider.name(), new Probe(true, provider.probe()));
			}
			catch (RuntimeException ex) {
				probes.put(provider.name(), new Probe(false, "unreachable (" + ex.getClass().getSimpleName() + ")"));
			}
		}
		return probes;
	}

	public CacheStats cache() {
		return this.cache.stats();
	}

	/** Whether a provider answered a probe, and what it said. */
	public record Probe(boolean reachable, String detail) {
	}

	/**
	 * The reply cache in numbers.
	 *
	 * @param size replies held
	 * @param hits replies served from the cache since start (this instance)
	 * @param misses prompts not found since start (this instance)
	 * @param hitRatio hits over lookups, 0 before any
	 */
	public record CacheStats(long size, long hits, long misses, double hitRatio) {
	}

}
