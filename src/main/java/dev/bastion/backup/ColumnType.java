package dev.bastion.backup;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * How a column's values are written to a backup and read back, the same way on H2 and on
 * PostgreSQL: by what they are (a UUID, text, an instant), not by how either database
 * spells the type, so that a backup of one restores into the other.
 */
enum ColumnType {

	UUID_TYPE("uuid"), TEXT("text"), INTEGER("integer"), BOOLEAN("boolean"), TIMESTAMPTZ("timestamptz"),
	TIMESTAMP("timestamp"), DATE("date"), DECIMAL("decimal"), BINARY("binary");

	private final String label;

	ColumnType(String label) {
		this.label = label;
	}

	/** The name of the type in a backup. */
	String label() {
		return this.label;
	}

	static ColumnType ofLabel(String label) {
		for (ColumnType type : values()) {
			if (type.label.equals(label)) {
				return type;
			}
		}
		throw new BackupException("It names a column type this version does not know: " + label);
	}

	/**
	 * The type of a column as the database reports it; a type Bastion does not know is
	 * refused, so that no value is ever written in a form that would not restore.
	 */
	static ColumnType of(int jdbcType, String typeName, String column) {
		String name = typeName.toLowerCase(Locale.ROOT);
		if (name.equals("uuid")) {
			return UUID_TYPE;
		}
		return switch (jdbcType) {
			case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR,
					Types.LONGNVARCHAR, Types.NCLOB ->
				TEXT;
			case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
			case Types.BOOLEAN, Types.BIT -> BOOLEAN;
			case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMPTZ;
			// PostgreSQL reports timestamptz as TIMESTAMP, with its own type name.
			case Types.TIMESTAMP ->
				(name.equals("timestamptz") || name.contains("with time zone")) ? TIMESTAMPTZ : TIMESTAMP;
			case Types.DATE -> DATE;
			case Types.NUMERIC, Types.DECIMAL, Types.REAL, Types.FLOAT, Types.DOUBLE -> DECIMAL;
			case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
			default ->
				throw new BackupException("Column " + column + " has a type backups do not support (" + typeName + ")");
		};
	}

	/** Adds the value at {@code index} of the current row to {@code row}. */
	void write(ResultSet rows, int index, ArrayNode row) throws SQLException {
		switch (this) {
			case UUID_TYPE -> text(row, rows.getObject(index, UUID.class));
			case TEXT -> text(row, rows.getString(index));
			case INTEGER -> {
				long value = rows.getLong(index);
				if (rows.wasNull()) {
					row.addNull();
				}
				else {
					row.add(value);
				}
			}
			case BOOLEAN -> {
				boolean value = rows.getBoolean(index);
				if (rows.wasNull()) {
					row.addNull();
				}
				else {
					row.add(value);
				}
			}
			case TIMESTAMPTZ -> text(row, rows.getObject(index, OffsetDateTime.class));
			case TIMESTAMP -> text(row, rows.getObject(index, LocalDateTime.class));
			case DATE -> text(row, rows.getObject(index, LocalDate.class));
			case DECIMAL -> text(row, rows.getBigDecimal(index));
			case BINARY -> {
				byte[] bytes = rows.getBytes(index);
				text(row, (bytes != null) ? Base64.getEncoder().encodeToString(bytes) : null);
			}
		}
	}

	/** Binds a value written by {@link #write} to parameter {@code index}. */
	void bind(PreparedStatement statement, int index, JsonNode value) throws SQLException {
		if (value.isNull()) {
			statement.setObject(index, null);
			return;
		}
		switch (this) {
			case UUID_TYPE -> statement.setObject(index, UUID.fromString(value.asString()));
			case TEXT -> statement.setString(index, value.asString());
			case INTEGER -> statement.setLong(index, value.asLong());
			case BOOLEAN -> statement.setBoolean(index, value.asBoolean());
			case TIMESTAMPTZ -> statement.setObject(index, OffsetDateTime.parse(value.asString()));
			case TIMESTAMP -> statement.setObject(index, LocalDateTime.parse(value.asString()));
			case DATE -> statement.setObject(index, LocalDate.parse(value.asString()));
			case DECIMAL -> statement.setBigDecimal(index, new BigDecimal(value.asString()));
			case BINARY -> statement.setBytes(index, Base64.getDecoder().decode(value.asString()));
		}
	}

	private static void text(ArrayNode row, @Nullable Object value) {
		if (value == null) {
			row.addNull();
		}
		else {
			row.add(value.toString());
		}
	}

}
