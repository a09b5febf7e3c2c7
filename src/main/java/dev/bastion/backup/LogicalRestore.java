package dev.bastion.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the rows of a dump into a database whose schema was just migrated to the dump's
 * version: each table's rows (after removing the rows its migrations put there) in the
 * dump's order, parents first, in batches, all in the caller's transaction; then every
 * identity column restarts after its highest value, so that new rows do not collide.
 */
final class LogicalRestore {

	private static final int BATCH = 500;

	private final JsonMapper json = JsonMapper.builder().build();

	/** Loads every table after the header line; returns the rows loaded. */
	long load(BufferedReader lines, Connection connection, Consumer<String> progress) throws IOException, SQLException {
		long loaded = 0;
		Table table = null;
		String line;
		while ((line = lines.readLine()) != null) {
			if (line.startsWith("[")) {
				if (table == null) {
					throw new BackupException("Its content has rows before any table.");
				}
				table.add(this.json.readTree(line));
				loaded++;
				continue;
			}
			JsonNode record = this.json.readTree(line);
			if (table != null) {
				progress.accept(table.name + ": " + table.finish() + " rows");
				table = null;
			}
			if (record.has("table")) {
				table = new Table(connection, record);
			}
		}
		if (table != null) {
			throw new BackupException("Its content ends inside a table.");
		}
		restartIdentities(connection);
		return loaded;
	}

	private static void restartIdentities(Connection connection) throws SQLException {
		for (String[] identity : Tables.identities(connection)) {
			long next;
			try (PreparedStatement max = connection
				.prepareStatement("select coalesce(max(" + identity[1] + "), 0) + 1 from " + identity[0]);
					ResultSet rows = max.executeQuery()) {
				rows.next();
				next = rows.getLong(1);
			}
			try (PreparedStatement restart = connection.prepareStatement(
					"alter table " + identity[0] + " alter column " + identity[1] + " restart with " + next)) {
				restart.execute();
			}
		}
	}

	/** One table being loaded: an insert statement, batched. */
	private static final class Table {

		private final String name;

		private final List<ColumnType> types = new ArrayList<>();

		private final PreparedStatement insert;

		private int pending;

		private long rows;

		Table(Connection connection, JsonNode header) throws SQLException {
			this.name = Tables.checked(header.path("table").asString());
			List<String> columns = new ArrayList<>();
			header.path("columns").forEach((column) -> columns.add(Tables.checked(column.asString())));
			header.path("types").forEach((type) -> this.types.add(ColumnType.ofLabel(type.asString())));
			if (columns.isEmpty() || columns.size() != this.types.size()) {
				throw new BackupException("Its table " + this.name + " is described inconsistently.");
			}
			// The migrations may have put rows of their own here (audit_head's empty
			// chain).
			try (PreparedStatement clear = connection.prepareStatement("delete from " + this.name)) {
				clear.executeUpdate();
			}
			this.insert = connection.prepareStatement("insert into " + this.name + " (" + String.join(", ", columns)
					+ ") values (" + "?, ".repeat(columns.size() - 1) + "?)");
		}

		void add(JsonNode row) throws SQLException {
			if (!row.isArray() || row.size() != this.types.size()) {
				throw new BackupException("A row of " + this.name + " does not match its columns.");
			}
			for (int i = 0; i < this.types.size(); i++) {
				this.types.get(i).bind(this.insert, i + 1, row.get(i));
			}
			this.insert.addBatch();
			this.rows++;
			if (++this.pending == BATCH) {
				flush();
			}
		}

		long finish() throws SQLException {
			flush();
			this.insert.close();
			return this.rows;
		}

		private void flush() throws SQLException {
			if (this.pending > 0) {
				this.insert.executeBatch();
				this.pending = 0;
			}
		}

	}

}
