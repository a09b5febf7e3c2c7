package dev.bastion.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.bastion.chat.provider.ChatProvider;
import dev.bastion.chat.provider.ResilientProvider;

/**
 * Each provider's state for the health report: {@code status} ({@code UP} unless its
 * circuit is open) and {@code circuit}.
 */
@Component
public class ProviderHealth {

	private final List<ChatProvider> providers;

	ProviderHealth(List<ChatProvider> providers) {
		this.providers = providers;
	}

	public Map<String, Map<String, String>> report() {
		Map<String, Map<String, String>> report = new LinkedHashMap<>();
		for (ChatProvider provider : this.providers) {
			String circuit = (provider instanceof ResilientProvider resilient)
					? resilient.circuitBreaker().getState().name() : "CLOSED";
			report.put(provider.name(), Map.of("status", circuit.equals("OPEN") ? "DOWN" : "UP", "circuit", circuit));
		}
		return report;
	}

}
