package dev.bastion.crypto;

import java.util.List;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration V8: binds every stored ciphertext to its context (see
 * {@link UnboundCiphertexts}), once, in one transaction, before anything reads them. A
 * database restored from a backup of an older version goes through it again.
 */
final class BindCiphertextsMigration implements JavaMigration {

	private static final Logger logger = LoggerFactory.getLogger(BindCiphertextsMigration.class);

	private final List<UnboundCiphertexts> columns;

	BindCiphertextsMigration(List<UnboundCiphertexts> columns) {
		this.columns = columns;
	}

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("8");
	}

	@Override
	public String getDescription() {
		return "bind stored ciphertexts to their column and owner";
	}

	@Override
	public @Nullable Integer getChecksum() {
		return null;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws Exception {
		int bound = 0;
		for (UnboundCiphertexts column : this.columns) {
			bound += column.bind(context.getConnection());
		}
		if (bound > 0) {
			logger.info("Re-encrypted {} stored value(s) bound to their column and owner", bound);
		}
	}

}
