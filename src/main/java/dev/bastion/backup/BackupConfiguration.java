package dev.bastion.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;

import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.crypto.MasterSecret;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackupProperties.class)
class BackupConfiguration {

	/**
	 * Backups on a schedule when {@code BACKUP_DIR} is set; the settings are checked at
	 * start-up either way, so that a bad {@code BACKUP_KEY} is found before it is needed.
	 */
	@Bean
	@Nullable ScheduledBackups scheduledBackups(BackupProperties properties, Backups backups, MasterSecret secret,
			JdbcClient jdbc, ApplicationEventPublisher events, TaskScheduler scheduler, Clock clock) {
		if (properties.keep() < 1) {
			throw new InsecureConfigurationException("BACKUP_KEEP", "is below 1",
					"Keep at least one backup; the default is 7.");
		}
		BackupSchedule schedule = BackupSchedule.parse(properties.schedule());
		BackupKey key = properties.key().isBlank() ? null : BackupKey.of(properties, secret);
		if (properties.dir().isBlank()) {
			return null;
		}
		if (key == null) {
			throw new InsecureConfigurationException("BACKUP_KEY", "is not set while BACKUP_DIR is",
					"Set BACKUP_KEY (or BACKUP_KEY_FILE) to at least 32 random bytes of its own, e.g. "
							+ "`openssl rand -hex 32`, and keep a copy away from the backups.");
		}
		return new ScheduledBackups(backups, key, directory(properties.dir()), schedule, properties.keep(), jdbc,
				events, scheduler, clock);
	}

	private static Path directory(String configured) {
		Path directory = Path.of(configured.strip());
		try {
			if (!Files.exists(directory)) {
				Files.createDirectories(directory,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
		}
		catch (IOException ex) {
			throw new InsecureConfigurationException("BACKUP_DIR", "cannot be created",
					"Point BACKUP_DIR at a directory Bastion may write, on storage apart from the database's.");
		}
		if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
			throw new InsecureConfigurationException("BACKUP_DIR", "is not a writable directory",
					"Point BACKUP_DIR at a directory Bastion may write, on storage apart from the database's.");
		}
		return directory;
	}

}
