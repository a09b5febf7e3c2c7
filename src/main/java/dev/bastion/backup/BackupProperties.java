package dev.bastion.backup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.bastion.system.Secret;

/**
 * Backups.
 *
 * @param key Key of encrypted backups ({@code admin backup}, {@code admin restore},
 * scheduled backups): at least 32 bytes, not placeholder-like, and neither {@code
 * SECRET_KEY} nor {@code CHAT_HISTORY_KEY} (each refused). Keep it apart from the backups
 * (see [Backup, restore and retention](operations.md#backup-restore-and-retention)). May
 * come from {@code BACKUP_KEY_FILE}.
 * @param dir Directory of [scheduled backups](operations.md#scheduled-backups), created
 * owner-only when missing; not writable: refused at start-up. Needs {@code BACKUP_KEY}.
 * Unset: no scheduled backups.
 * @param schedule When scheduled backups are written: a six-field cron expression in UTC,
 * or a duration of at least {@code 1s} (every that long, counted from midnight UTC).
 * Anything else is refused.
 * @param keep How many scheduled backups are kept in {@code BACKUP_DIR}; older ones are
 * deleted after each new one. Below 1 is refused.
 * @param historyKey the key of the stored chat history ({@code CHAT_HISTORY_KEY}), which
 * the backup key must not equal
 */
@ConfigurationProperties("bastion.backup")
@Validated
record BackupProperties(@DefaultValue("") Secret key, @DefaultValue("") String dir,
		@DefaultValue("0 0 3 * * *") String schedule, @DefaultValue("7") int keep,
		@DefaultValue("") Secret historyKey) {

}
