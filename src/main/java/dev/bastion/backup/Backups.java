package dev.bastion.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

import dev.bastion.audit.AuditProperties;
import dev.bastion.audit.RestoredChain;
import dev.bastion.crypto.MasterSecret;

/**
 * Backups of the whole database: the logical dump, taken from one snapshot while the
 * service runs, and its restore into an empty database of either kind (H2 or PostgreSQL),
 * which migrates the target to the dump's schema version, loads the rows, then migrates
 * to this version's schema: the same command restores, moves an installation from H2 to
 * PostgreSQL, and upgrades a backup of an older version.
 */
@Service
public class Backups {

	private final DataSource dataSource;

	private final MasterSecret secret;

	private final ObjectProvider<JavaMigration> javaMigrations;

	private final List<String> locations;

	private final Clock clock;

	private final Path anchorFile;

	Backups(DataSource dataSource, MasterSecret secret, ObjectProvider<JavaMigration> javaMigrations,
			Environment environment, AuditProperties audit, Clock clock) {
		this.dataSource = dataSource;
		this.secret = secret;
		this.javaMigrations = javaMigrations;
		// Bound here rather than injected: the restore's context switches Flyway's
		// auto-configuration, and with it the FlywayProperties bean, off.
		this.locations = List
			.copyOf(Binder.get(environment).bindOrCreate("spring.flyway", FlywayProperties.class).getLocations());
		this.anchorFile = audit.anchorFile();
		this.clock = clock;
	}

	/** Writes the plain dump of the database to {@code out}, which stays open. */
	public Dumped dump(OutputStream out) {
		try {
			LogicalDump.Summary summary = new LogicalDump(this.dataSource, secretCheck(this.secret), version())
				.write(out, this.clock.instant());
			return new Dumped(summary.schemaVersion(), summary.tables(), summary.rows());
		}
		catch (SQLException ex) {
			throw new BackupException("The database could not be read for the backup: " + ex.getClass().getSimpleName()
					+ " (SQL state " + ex.getSQLState() + ")", ex);
		}
		catch (IOException ex) {
			throw new BackupException("The backup could not be written: " + ex.getClass().getSimpleName(), ex);
		}
	}

	/**
	 * Restores {@code file} into the configured database, which must be empty. The whole
	 * file is read and checked with the key first: a wrong key, a changed byte or a
	 * backup of another {@code SECRET_KEY} is refused before the database is touched. If
	 * loading fails, the tables it created are dropped again.
	 */
	public Restored restore(Path file, BackupKey key, Consumer<String> progress) {
		BackupFile.Contents contents = BackupFile.verify(file, key);
		if (!MessageDigest.isEqual(contents.header().secretKeyCheck().getBytes(StandardCharsets.US_ASCII),
				secretCheck(this.secret).getBytes(StandardCharsets.US_ASCII))) {
			throw new BackupException("It was made with another SECRET_KEY. Set SECRET_KEY (or SECRET_KEY_FILE) to "
					+ "the secret of the installation it comes from (in development: copy its DATA_DIR/secret.key "
					+ "here); without it no login, API key, TOTP code or audit row of the backup can be used.");
		}
		MigrationVersion wanted = MigrationVersion.fromVersion(contents.header().schemaVersion());
		MigrationVersion latest = latest();
		if (wanted.compareTo(latest) > 0) {
			throw new BackupException("It was made by a newer Bastion (" + contents.header().bastionVersion()
					+ ", schema version " + wanted + "); this one knows schema version " + latest
					+ ". Restore it with that version or a newer one.");
		}
		refuseUnlessEmpty();
		long rows;
		MigrateResult upgraded;
		try {
			flyway(wanted).migrate();
			rows = load(file, key, progress);
			upgraded = flyway(null).migrate();
		}
		catch (RuntimeException | SQLException | IOException ex) {
			dropEverything();
			if (ex instanceof BackupException backup) {
				throw backup;
			}
			throw new BackupException("The backup could not be restored: " + ex.getClass().getSimpleName() + " ("
					+ ex.getMessage() + "); nothing was kept", ex);
		}
		Path setAside = RestoredChain.setAsideStaleAnchor(this.secret, this.dataSource, this.anchorFile,
				this.clock.instant());
		return new Restored(contents.header(), contents.tables(), rows,
				Objects.requireNonNullElse(upgraded.targetSchemaVersion, wanted.getVersion()), setAside);
	}

	private long load(Path file, BackupKey key, Consumer<String> progress) throws IOException, SQLException {
		try (InputStream in = BackupFile.open(file, key);
				BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
				Connection connection = this.dataSource.getConnection()) {
			lines.readLine();
			connection.setAutoCommit(false);
			try {
				long rows = new LogicalRestore().load(lines, connection, progress);
				connection.commit();
				return rows;
			}
			catch (IOException | SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
			}
		}
	}

	private void refuseUnlessEmpty() {
		try (Connection connection = this.dataSource.getConnection()) {
			List<String> tables = Tables.names(connection);
			if (!tables.isEmpty()) {
				throw new BackupException("The database is not empty (it has " + tables.size() + " tables"
						+ (tables.contains(Tables.FLYWAY_HISTORY) ? ", Bastion's among them" : "")
						+ "). Restore into a new, empty database (PostgreSQL: createdb; H2: an empty DATA_DIR), "
						+ "with the service stopped.");
			}
		}
		catch (SQLException ex) {
			throw new BackupException("The database cannot be reached: " + ex.getMessage(), ex);
		}
	}

	/**
	 * After a failed restore: the database was empty before it, so every table in it now
	 * was made by the restore.
	 */
	private void dropEverything() {
		try (Connection connection = this.dataSource.getConnection()) {
			List<String> tables = Tables.inDependencyOrder(connection);
			tables.add(0, Tables.FLYWAY_HISTORY);
			for (String table : tables.reversed()) {
				try (var drop = connection
					.prepareStatement("drop table if exists " + Tables.checked(table) + " cascade")) {
					drop.execute();
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			// Reported by the failure being thrown; the operator starts again on a new
			// database.
		}
	}

	private Flyway flyway(@Nullable MigrationVersion target) {
		var configuration = Flyway.configure()
			.dataSource(this.dataSource)
			.locations(this.locations.toArray(String[]::new))
			.javaMigrations(this.javaMigrations.orderedStream().toArray(JavaMigration[]::new));
		if (target != null) {
			configuration.target(target);
		}
		return configuration.load();
	}

	private MigrationVersion latest() {
		MigrationVersion latest = MigrationVersion.EMPTY;
		for (MigrationInfo migration : flyway(null).info().all()) {
			if (migration.getVersion() != null && migration.getVersion().compareTo(latest) > 0) {
				latest = migration.getVersion();
			}
		}
		return latest;
	}

	/**
	 * A keyed fingerprint of {@code SECRET_KEY}, kept in a backup, so that a restore
	 * under another secret is refused instead of producing an installation where nothing
	 * opens.
	 */
	static String secretCheck(MasterSecret secret) {
		return secret.hmac("bastion backup secret check").hex("SECRET_KEY");
	}

	private static String version() {
		return Objects.requireNonNullElse(Backups.class.getPackage().getImplementationVersion(), "development");
	}

	/** What a dump wrote. */
	public record Dumped(String schemaVersion, int tables, long rows) {
	}

	/**
	 * What a restore did: the backup's header, what it loaded, the schema it left, and
	 * where the audit anchor file went if it lay beyond the restored chain.
	 */
	public record Restored(BackupFile.Header header, int tables, long rows, String schemaVersion,
			@Nullable Path anchorSetAside) {
	}

}
