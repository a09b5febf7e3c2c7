package dev.bastion.backup;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.api.MigrationVersion;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The content of a backup: the schema version and every table's rows as typed JSON lines,
 * all read in one transaction that sees a single snapshot of the database while the
 * service goes on writing. On PostgreSQL that is {@code REPEATABLE READ} (a snapshot, as
 * {@code pg_dump} takes); on H2 it is {@code SERIALIZABLE}, because H2's
 * {@code REPEATABLE READ} only keeps rows already read stable and lets a table read later
 * show commits made meanwhile. Neither blocks the service's writers.
 *
 * <pre>
 * {"format":"bastion-backup","format_version":1,"schema_version":"10",...}
 * {"table":"accounts","columns":[...],"types":[...]}
 * [row values...]
 * ...
 * {"end":{"tables":15,"rows":1234}}
 * </pre>
 */
final class LogicalDump {

	static final String FORMAT = "bastion-backup";

	static final int FORMAT_VERSION = 1;

	private static final int FETCH = 500;

	private final JsonMapper json = JsonMapper.builder().build();

	private final DataSource dataSource;

	private final String secretCheck;

	private final String bastionVersion;

	LogicalDump(DataSource dataSource, String secretCheck, String bastionVersion) {
		this.dataSource = dataSource;
		this.secretCheck = secretCheck;
		this.bastionVersion = bastionVersion;
	}

	/** Writes the whole database to {@code out} (not closed); returns what it wrote. */
	Summary write(OutputStream out, Instant now) throws IOException, SQLException {
		Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
		try (Connection connection = this.dataSource.getConnection()) {
			boolean h2 = connection.getMetaData().getDatabaseProductName().equals("H2");
			connection.setAutoCommit(false);
			connection.setTransactionIsolation(
					h2 ? Connection.TRANSACTION_SERIALIZABLE : Connection.TRANSACTION_REPEATABLE_READ);
			connection.setReadOnly(true);
			try {
				// The first read fixes the snapshot; everything below sees the same one.
				String schema = schemaVersion(connection);
				ObjectNode header = this.json.createObjectNode()
					.put("format", FORMAT)
					.put("format_version", FORMAT_VERSION)
					.put("schema_version", schema)
					.put("bastion_version", this.bastionVersion)
					.put("database", h2 ? "H2" : connection.getMetaData().getDatabaseProductName())
					.put("created_at", now.toString())
					.put("secret_key_check", this.secretCheck);
				line(writer, header);
				long rows = 0;
				List<String> tables = Tables.inDependencyOrder(connection);
				for (String table : tables) {
					rows += table(connection, table, writer);
				}
				ObjectNode end = this.json.createObjectNode();
				end.putObject("end").put("tables", tables.size()).put("rows", rows);
				line(writer, end);
				writer.flush();
				return new Summary(schema, tables.size(), rows);
			}
			finally {
				connection.rollback();
				connection.setReadOnly(false);
				connection.setAutoCommit(true);
			}
		}
	}

	private long table(Connection connection, String table, Writer writer) throws SQLException, IOException {
		try (PreparedStatement select = connection.prepareStatement("select * from " + Tables.checked(table))) {
			select.setFetchSize(FETCH);
			try (ResultSet rows = select.executeQuery()) {
				ResultSetMetaData metadata = rows.getMetaData();
				int count = metadata.getColumnCount();
				List<ColumnType> types = new ArrayList<>();
				ObjectNode header = this.json.createObjectNode().put("table", table);
				ArrayNode columns = header.putArray("columns");
				ArrayNode labels = header.putArray("types");
				for (int i = 1; i <= count; i++) {
					String column = metadata.getColumnName(i).toLowerCase(java.util.Locale.ROOT);
					ColumnType type = ColumnType.of(metadata.getColumnType(i), metadata.getColumnTypeName(i),
							table + "." + column);
					types.add(type);
					columns.add(column);
					labels.add(type.label());
				}
				line(writer, header);
				long written = 0;
				while (rows.next()) {
					ArrayNode row = this.json.createArrayNode();
					for (int i = 1; i <= count; i++) {
						types.get(i - 1).write(rows, i, row);
					}
					line(writer, row);
					written++;
				}
				return written;
			}
		}
	}

	/** The highest version Flyway applied, as of the snapshot. */
	private static String schemaVersion(Connection connection) throws SQLException {
		MigrationVersion highest = null;
		try (PreparedStatement select = connection.prepareStatement(
				"select version from " + Tables.FLYWAY_HISTORY + " where success = true and version is not null");
				ResultSet rows = select.executeQuery()) {
			while (rows.next()) {
				MigrationVersion version = MigrationVersion.fromVersion(rows.getString(1));
				highest = (highest == null || version.compareTo(highest) > 0) ? version : highest;
			}
		}
		if (highest == null) {
			throw new BackupException("The database has no migrated schema: there is nothing to back up");
		}
		return highest.getVersion();
	}

	private void line(Writer writer, Object node) throws IOException {
		writer.write(this.json.writeValueAsString(node));
		writer.write('\n');
	}

	/** What a dump holds. */
	record Summary(String schemaVersion, int tables, long rows) {
	}

}
