package dev.bastion.backup;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Backups.
 *
 * @param key the key backups are encrypted with ({@code BACKUP_KEY}); needed by
 * {@code admin backup}, {@code admin restore} and scheduled backups
 * @param dir where scheduled backups are written ({@code BACKUP_DIR}); empty: none
 * @param schedule when ({@code BACKUP_SCHEDULE}): a duration ({@code 6h}: every six
 * hours, counted from midnight UTC) or a six-field cron expression in UTC (default
 * {@code 0 0 3 * * *}, 03:00 UTC every day)
 * @param keep how many scheduled backups are kept ({@code BACKUP_KEEP}, 7)
 */
@ConfigurationProperties("bastion.backup")
record BackupProperties(String key, String dir, String schedule, int keep) {

	@Override
	public String toString() {
		return "BackupProperties[key=<redacted>, dir=" + this.dir + ", schedule=" + this.schedule + ", keep="
				+ this.keep + "]";
	}

}
