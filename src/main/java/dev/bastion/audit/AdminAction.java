package dev.bastion.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An administrator did something (from the admin API, or from the command line, where
 * there is no acting account).
 *
 * @param accountId the acting admin, or {@code null} for the command line
 * @param action what was done, e.g. {@code deactivate}
 * @param target what it was done to, e.g. a username or an address
 * @param severity {@code WARNING}, or {@code CRITICAL} for an action taken because of a
 * breach (it reaches the alert webhook)
 * @param facts more short, non-secret facts about the action, e.g.
 * {@code compromised: true}
 */
public record AdminAction(@Nullable UUID accountId, String action, String target, Severity severity,
		Map<String, Object> facts) implements SecurityEvent {

	public AdminAction {
		facts = Map.copyOf(facts);
	}

	/** An ordinary admin action: {@code WARNING}, no further facts. */
	public AdminAction(@Nullable UUID accountId, String action, String target) {
		this(accountId, action, target, Severity.WARNING, Map.of());
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>(this.facts);
		details.put("action", this.action);
		details.put("target", this.target);
		details.put("via", (this.accountId != null) ? "api" : "cli");
		return details;
	}

}
