package dev.bastion.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

import dev.bastion.audit.AuditTrail;
import dev.bastion.backup.BackupException;
import dev.bastion.backup.BackupFile;
import dev.bastion.backup.BackupKey;
import dev.bastion.backup.Backups;
import dev.bastion.chat.HistoryKeyRotation;
import dev.bastion.audit.AdminAction;
import dev.bastion.system.BastionException;
import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.audit.SecurityEvent.Severity;

/**
 * {@code admin backup}, {@code admin restore} and {@code admin rotate-history-key}. With
 * PostgreSQL, or H2 while the service is stopped, they work on the database directly;
 * with H2 while the service runs (it holds the file), backup and rotation ask the service
 * over its {@link AdminSocket}.
 */
final class BackupCommands {

	private final Class<?> application;

	private final PrintStream out;

	private final PrintStream err;

	BackupCommands(Class<?> application, PrintStream out, PrintStream err) {
		this.application = application;
		this.out = out;
		this.err = err;
	}

	int backup(Path file) {
		try {
			Environment settings = settings();
			BackupKey key = BackupKey.fromEnvironment(settings);
			SocketChannel service = AdminSocketClient.connect(settings);
			if (service != null) {
				return backupThroughService(service, file, key);
			}
			try (ConfigurableApplicationContext context = context()) {
				Backups backups = context.getBean(Backups.class);
				context.publishEvent(new AdminAction(null, "backup", String.valueOf(file.getFileName())));
				return written(file, BackupFile.write(file, key, backups::dump), "");
			}
		}
		catch (RuntimeException ex) {
			return refused("No backup was written", ex);
		}
	}

	private int backupThroughService(SocketChannel service, Path file, BackupKey key) {
		try (service; InputStream in = Channels.newInputStream(service)) {
			AdminSocketClient.send(service, "backup " + file.getFileName());
			String status = AdminSocketClient.readLine(in);
			if (!status.equals("OK")) {
				throw new BackupException("The running service refused: " + status.replaceFirst("^ERROR ", ""));
			}
			return written(file, BackupFile.write(file, key, in::transferTo), " by the running service");
		}
		catch (IOException ex) {
			throw new BackupException("The running service did not answer: " + ex.getClass().getSimpleName(), ex);
		}
	}

	private int written(Path file, BackupFile.Contents contents, String how) {
		this.out.println("Backup written to " + file + how + ": " + contents.tables() + " tables, " + contents.rows()
				+ " rows, schema version " + contents.header().schemaVersion() + ", " + contents.bytes()
				+ " bytes, encrypted with BACKUP_KEY and read back.");
		this.out.println("Keep SECRET_KEY, CHAT_HISTORY_KEY and BACKUP_KEY apart from it: a restore needs all three.");
		return 0;
	}

	int restore(Path file) {
		try {
			Environment settings = settings();
			BackupKey key = BackupKey.fromEnvironment(settings);
			if (AdminSocketClient.serviceRunning(settings)) {
				throw new BackupException("A Bastion service is running on this database. Restore into a new, empty "
						+ "database (an empty DATA_DIR), with no service running on it.");
			}
			try (ConfigurableApplicationContext context = restoreContext()) {
				Backups.Restored restored = context.getBean(Backups.class)
					.restore(file, key, (line) -> this.out.println("  " + line));
				AuditTrail.Verification audit = context.getBean(AuditTrail.class).verify();
				context.publishEvent(new AdminAction(null, "restore", String.valueOf(file.getFileName())));
				report(file, restored, audit);
				return audit.valid() ? 0 : 3;
			}
		}
		catch (RuntimeException ex) {
			return refused("Nothing was restored", ex);
		}
	}

	private void report(Path file, Backups.Restored restored, AuditTrail.Verification audit) {
		this.out.println("Restored " + file + " (taken " + restored.header().createdAt() + " from "
				+ restored.header().database() + " by Bastion " + restored.header().bastionVersion() + "): "
				+ restored.tables() + " tables, " + restored.rows() + " rows; schema now at version "
				+ restored.schemaVersion() + ".");
		this.out.println(audit.valid() ? "Audit chain intact: " + audit.checked() + " events verified."
				: "Audit chain BROKEN (" + audit.reason() + ") at event " + audit.firstBrokenId() + ".");
		Path aside = restored.anchorSetAside();
		if (aside != null) {
			this.out.println("The audit anchor file held a head beyond the restored chain (events after the backup, "
					+ "still in the security log): set aside as " + aside + ".");
		}
		this.out.println("Before starting other instances, remove their AUDIT_ANCHOR_FILE: it lies beyond the "
				+ "restored chain too. Stored history needs the CHAT_HISTORY_KEY it was written with.");
		// The backup's signing keys, revocations, API keys and password hashes are back
		// as they were: an operator restoring after a compromise must act again.
		this.out.println("Everything done after " + restored.header().createdAt() + " is undone: logouts, revoked "
				+ "tokens and keys, signing-key rotations, password changes. If you restore because of a compromise, "
				+ "run rotate-signing-key --compromised and revoke-tokens now, before starting the service.");
	}

	int rotateHistoryKey() {
		try {
			SocketChannel service = AdminSocketClient.connect(settings());
			if (service != null) {
				return rotateThroughService(service);
			}
			try (ConfigurableApplicationContext context = context()) {
				HistoryKeyRotation.Outcome outcome = context.getBean(HistoryKeyRotation.class)
					.rotate((line) -> this.out.println("  " + line));
				context.publishEvent(new AdminAction(null, "rotate-history-key", outcome.keyId(), Severity.WARNING,
						Map.of("reencrypted", outcome.reencrypted(), "remaining", outcome.remaining())));
				return rotated(outcome);
			}
		}
		catch (RuntimeException ex) {
			return refused("The history was not rotated", ex);
		}
	}

	private int rotateThroughService(SocketChannel service) {
		try (service;
				BufferedReader lines = new BufferedReader(
						new InputStreamReader(Channels.newInputStream(service), StandardCharsets.UTF_8))) {
			AdminSocketClient.send(service, "rotate-history-key");
			this.out.println("The running service re-encrypts the history it holds:");
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("ERROR ")) {
					throw new BackupException("The running service refused: " + line.substring("ERROR ".length()));
				}
				if (line.startsWith("DONE ")) {
					String[] done = line.split(" ");
					return rotated(new HistoryKeyRotation.Outcome(done[1], Long.parseLong(done[2]),
							Long.parseLong(done[3]), Long.parseLong(done[4])));
				}
				if (!line.equals("OK")) {
					this.out.println("  " + line);
				}
			}
			throw new BackupException("The running service ended the rotation without a result; run it again.");
		}
		catch (IOException ex) {
			throw new BackupException("The running service did not answer: " + ex.getClass().getSimpleName(), ex);
		}
	}

	private int rotated(HistoryKeyRotation.Outcome outcome) {
		this.out.println("Stored history re-encrypted to key id " + outcome.keyId() + ": " + outcome.reencrypted()
				+ " value(s) now under CHAT_HISTORY_KEY.");
		if (outcome.done()) {
			this.out.println("Nothing remains under a previous key: remove CHAT_HISTORY_PREVIOUS_KEYS and restart.");
			return 0;
		}
		this.out.println(outcome.remaining() + " value(s) are not under CHAT_HISTORY_KEY: " + outcome.unreadable()
				+ " that no configured key opens (left as they are), the rest written meanwhile by an instance that "
				+ "still seals with an older key. Give every instance the new CHAT_HISTORY_KEY, then run this again.");
		return 1;
	}

	private int refused(String outcome, RuntimeException ex) {
		if (ex instanceof InsecureConfigurationException insecure) {
			this.err.println(outcome + ": " + insecure.getMessage() + ". " + insecure.action());
		}
		else if (ex instanceof BackupException || ex instanceof BastionException) {
			this.err.println(outcome + ": " + ex.getMessage());
		}
		else if (databaseInUse(ex)) {
			this.err.println(outcome + ": the embedded H2 database is in use by a running Bastion, whose admin socket "
					+ "does not answer this user. Run the command as the service's user with its DATA_DIR, or stop "
					+ "the service.");
		}
		else {
			throw ex;
		}
		return 1;
	}

	private static boolean databaseInUse(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getErrorCode() == 90020) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The configuration as the service reads it (application.yml, the environment, secret
	 * files), without starting anything: enough to find the key and the database.
	 */
	private Environment settings() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("logging.level.root=WARN")
			.run()) {
			return context.getEnvironment();
		}
	}

	private ConfigurableApplicationContext context(String... properties) {
		String[] all = new String[properties.length + 2];
		all[0] = "logging.level.root=WARN";
		all[1] = "logging.level.dev.bastion=WARN";
		System.arraycopy(properties, 0, all, 2, properties.length);
		return new SpringApplicationBuilder(this.application).web(WebApplicationType.NONE)
			.lazyInitialization(true)
			.properties(all)
			.run();
	}

	/**
	 * The application without Flyway, whose migrations the restore runs itself, and with
	 * every bean created only when used: Boot's scheduling auto-configuration, which
	 * would create the beans of scheduled jobs at once (reading tables that do not exist
	 * yet), is left out.
	 */
	private ConfigurableApplicationContext restoreContext() {
		return new SpringApplicationBuilder(this.application).web(WebApplicationType.NONE)
			.lazyInitialization(true)
			.properties("logging.level.root=WARN", "logging.level.dev.bastion=WARN")
			.initializers((context) -> {
				List<String> excluded = new ArrayList<>();
				Binder.get(context.getEnvironment())
					.bind("spring.autoconfigure.exclude", Bindable.listOf(String.class))
					.ifBound(excluded::addAll);
				excluded.add("org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration");
				context.getEnvironment()
					.getPropertySources()
					.addFirst(new MapPropertySource("restore", Map.of("spring.flyway.enabled", "false",
							"spring.autoconfigure.exclude", String.join(",", excluded))));
			})
			.run();
	}

	/** The source of the settings-only context: no beans, only the environment. */
	static final class Settings {

	}

}
