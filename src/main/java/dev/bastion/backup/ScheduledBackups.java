package dev.bastion.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;

/**
 * {@code BACKUP_DIR}: a backup at every time of {@code BACKUP_SCHEDULE}, encrypted with
 * {@code BACKUP_KEY}, named after its time ({@code bastion-20261207T030000Z.backup}),
 * keeping the newest {@code BACKUP_KEEP}. Instances sharing a database claim each time by
 * inserting its row in {@code backup_runs}; only the one whose insert succeeds writes
 * that backup. A success is an {@code INFO} event, a failure a {@code CRITICAL} one.
 */
final class ScheduledBackups {

	private static final Logger logger = LoggerFactory.getLogger(ScheduledBackups.class);

	private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final Pattern BACKUP = Pattern.compile("bastion-\\d{8}T\\d{6}Z\\.backup");

	private static final Pattern LEFT_OVER = Pattern.compile("\\.bastion-\\d{8}T\\d{6}Z\\.backup.*\\.tmp");

	/** How long the rows of past runs are kept. */
	private static final Duration RUNS_KEPT = Duration.ofDays(90);

	private final Backups backups;

	private final BackupKey key;

	private final Path directory;

	private final BackupSchedule schedule;

	private final int keep;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final String instance;

	private final AtomicBoolean running = new AtomicBoolean();

	private final AtomicBoolean started = new AtomicBoolean();

	ScheduledBackups(Backups backups, BackupKey key, Path directory, BackupSchedule schedule, int keep, JdbcClient jdbc,
			ApplicationEventPublisher events, TaskScheduler scheduler, Clock clock) {
		this.backups = backups;
		this.key = key;
		this.directory = directory;
		this.schedule = schedule;
		this.keep = keep;
		this.jdbc = jdbc;
		this.events = events;
		this.scheduler = scheduler;
		this.clock = clock;
		this.instance = System.getenv().getOrDefault("HOSTNAME", "host") + "/" + ProcessHandle.current().pid();
	}

	/** Only a running service schedules backups; the command line and doctor do not. */
	@EventListener
	void on(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null && event.getWebServer().getPort() > 0
				&& this.started.compareAndSet(false, true)) {
			scheduleAfter(this.clock.instant());
			logger.info("Scheduled backups to {}, keeping the newest {}", this.directory, this.keep);
		}
	}

	private void scheduleAfter(Instant after) {
		Instant slot = this.schedule.next(after);
		this.scheduler.schedule(() -> {
			try {
				run(slot);
			}
			finally {
				// A backup that took longer than the interval skips the times it missed.
				Instant now = this.clock.instant();
				scheduleAfter(now.isAfter(slot) ? now : slot);
			}
		}, slot);
	}

	void run(Instant slot) {
		if (!this.running.compareAndSet(false, true)) {
			logger.warn("The backup for {} is skipped: the previous one is still being written", slot);
			return;
		}
		try {
			if (claim(slot)) {
				write(slot);
			}
		}
		finally {
			this.running.set(false);
		}
	}

	private boolean claim(Instant slot) {
		try {
			this.jdbc.sql("delete from backup_runs where slot < ?")
				.param(Timestamp.from(slot.minus(RUNS_KEPT)))
				.update();
			return this.jdbc
				.sql("insert into backup_runs (slot, instance, started_at, status) values (?, ?, ?, 'running') "
						+ "on conflict do nothing")
				.params(Timestamp.from(slot), this.instance, Timestamp.from(this.clock.instant()))
				.update() == 1;
		}
		catch (RuntimeException ex) {
			failed(slot, "the database could not be reached: " + ex.getClass().getSimpleName());
			return false;
		}
	}

	private void write(Instant slot) {
		String name = "bastion-" + NAME.format(slot) + ".backup";
		try {
			BackupFile.Contents contents = BackupFile.write(this.directory.resolve(name), this.key, this.backups::dump);
			this.jdbc
				.sql("update backup_runs set status = 'written', finished_at = ?, file_name = ?, bytes = ? "
						+ "where slot = ?")
				.params(Timestamp.from(this.clock.instant()), name, contents.bytes(), Timestamp.from(slot))
				.update();
			prune();
			this.events.publishEvent(new BackupWritten(name, contents.bytes(), contents.rows()));
		}
		catch (BackupException ex) {
			failed(slot, Objects.requireNonNullElse(ex.getMessage(), "the backup failed"));
		}
		catch (RuntimeException ex) {
			failed(slot, ex.getClass().getSimpleName());
		}
	}

	private void failed(Instant slot, String reason) {
		logger.error("The scheduled backup for {} failed: {}", slot, reason);
		try {
			this.jdbc.sql("update backup_runs set status = 'failed', finished_at = ? where slot = ? and instance = ?")
				.params(Timestamp.from(this.clock.instant()), Timestamp.from(slot), this.instance)
				.update();
		}
		catch (RuntimeException ex) {
			// The database may be what failed; the event below still reaches the log.
		}
		try {
			this.events.publishEvent(new BackupFailed(slot.toString(), reason));
		}
		catch (RuntimeException ex) {
			logger.error("The failed backup for {} could not be recorded in the audit trail", slot);
		}
	}

	/**
	 * Keeps the newest backups, by the time in their names, and removes what a killed
	 * writer left under a temporary name a day ago or more.
	 */
	private void prune() {
		List<Path> backups = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.directory)) {
			for (Path entry : entries) {
				String name = String.valueOf(entry.getFileName());
				if (BACKUP.matcher(name).matches()) {
					backups.add(entry);
				}
				else if (LEFT_OVER.matcher(name).matches() && Files.getLastModifiedTime(entry)
					.toInstant()
					.isBefore(this.clock.instant().minus(Duration.ofDays(1)))) {
					Files.deleteIfExists(entry);
				}
			}
			backups.sort(Comparator.comparing((Path path) -> String.valueOf(path.getFileName())).reversed());
			for (Path old : backups.subList(Math.min(this.keep, backups.size()), backups.size())) {
				Files.deleteIfExists(old);
			}
		}
		catch (IOException ex) {
			logger.warn("Older backups in {} could not be removed: {}", this.directory, ex.getClass().getSimpleName());
		}
	}

}
