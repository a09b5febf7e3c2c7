package dev.bastion.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.scheduling.support.CronExpression;

import dev.bastion.system.InsecureConfigurationException;

/**
 * {@code BACKUP_SCHEDULE}: a duration (every that long, counted from midnight UTC, so
 * that every instance names the same times) or a six-field cron expression, in UTC.
 */
final class BackupSchedule {

	private static final Duration SHORTEST = Duration.ofSeconds(1);

	private final @Nullable Duration every;

	private final @Nullable CronExpression cron;

	private BackupSchedule(@Nullable Duration every, @Nullable CronExpression cron) {
		this.every = every;
		this.cron = cron;
	}

	static BackupSchedule parse(String schedule) {
		String text = schedule.strip();
		try {
			Duration every = DurationStyle.detectAndParse(text);
			if (every.compareTo(SHORTEST) < 0) {
				throw refused();
			}
			return new BackupSchedule(every, null);
		}
		catch (IllegalArgumentException notADuration) {
			try {
				return new BackupSchedule(null, CronExpression.parse(text));
			}
			catch (IllegalArgumentException ex) {
				throw refused();
			}
		}
	}

	/** The first scheduled time after {@code now}. */
	Instant next(Instant now) {
		Duration interval = this.every;
		if (interval != null) {
			long millis = interval.toMillis();
			return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), millis) * millis + millis);
		}
		ZonedDateTime next = java.util.Objects.requireNonNull(this.cron).next(now.atZone(ZoneOffset.UTC));
		if (next == null) {
			throw new IllegalStateException("BACKUP_SCHEDULE names no future time");
		}
		return next.toInstant();
	}

	private static InsecureConfigurationException refused() {
		return new InsecureConfigurationException("BACKUP_SCHEDULE",
				"is neither a duration of at least 1s nor a cron expression",
				"Use a duration such as 6h or 1d, or six cron fields in UTC such as `0 0 3 * * *` (03:00 every day).");
	}

}
