package dev.bastion.backup;

import java.util.Map;

import dev.bastion.audit.SecurityEvent;

/**
 * A scheduled backup was written and checked.
 *
 * @param file its name in {@code BACKUP_DIR}
 * @param bytes its size
 * @param rows the rows it holds
 */
record BackupWritten(String file, long bytes, long rows) implements SecurityEvent {

	@Override
	public Severity severity() {
		return Severity.INFO;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("file", this.file, "bytes", this.bytes, "rows", this.rows);
	}

}
