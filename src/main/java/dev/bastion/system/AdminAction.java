package dev.bastion.system;

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
 */
public record AdminAction(@Nullable UUID accountId, String action, String target) implements SecurityEvent {

	@Override
	public Severity severity() {
		return Severity.WARNING;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("action", this.action, "target", this.target, "via", (this.accountId != null) ? "api" : "cli");
	}

}
