package dev.bastion.backup;

import java.util.Map;

import dev.bastion.audit.SecurityEvent;

/**
 * A scheduled backup could not be written: {@code CRITICAL}, so that it reaches the alert
 * webhook (an installation without working backups is one incident away from losing its
 * data).
 *
 * @param slot the scheduled time it was for
 * @param reason what went wrong, without secrets
 */
record BackupFailed(String slot, String reason) implements SecurityEvent {

	@Override
	public Severity severity() {
		return Severity.CRITICAL;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("slot", this.slot, "reason", this.reason);
	}

}
