package dev.bastion.backup;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The tables of Bastion's schema as the database's own catalog lists them (so that a
 * table a later migration adds is backed up without a change here), in an order where
 * every table comes after the tables its foreign keys point at.
 */
final class Tables {

	/** Flyway's own bookkeeping: a restore migrates the target instead. */
	static final String FLYWAY_HISTORY = "flyway_schema_history";

	/**
	 * The names Bastion's migrations use; anything else is refused rather than quoted.
	 */
	private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private Tables() {
	}

	/** Every table of the current schema, Flyway's excepted, parents first. */
	static List<String> inDependencyOrder(Connection connection) throws SQLException {
		Set<String> tables = new TreeSet<>(names(connection));
		tables.remove(FLYWAY_HISTORY);
		Map<String, Set<String>> parents = new TreeMap<>();
		DatabaseMetaData metadata = connection.getMetaData();
		for (String table : tables) {
			Set<String> referenced = new TreeSet<>();
			try (ResultSet keys = metadata.getImportedKeys(connection.getCatalog(), connection.getSchema(), table)) {
				while (keys.next()) {
					String parent = keys.getString("PKTABLE_NAME");
					if (!parent.equals(table)) {
						referenced.add(parent);
					}
				}
			}
			parents.put(table, referenced);
		}
		Set<String> ordered = new LinkedHashSet<>();
		while (ordered.size() < tables.size()) {
			int before = ordered.size();
			for (String table : tables) {
				if (!ordered.contains(table) && ordered.containsAll(parents.get(table))) {
					ordered.add(table);
				}
			}
			if (ordered.size() == before) {
				throw new BackupException("The tables' foreign keys form a cycle; no order to restore them in");
			}
		}
		return new ArrayList<>(ordered);
	}

	/** The tables of the current schema, whatever created them. */
	static List<String> names(Connection connection) throws SQLException {
		List<String> names = new ArrayList<>();
		try (PreparedStatement select = connection.prepareStatement("select table_name from information_schema.tables "
				+ "where table_schema = current_schema and table_type = 'BASE TABLE'");
				ResultSet rows = select.executeQuery()) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

	/** The identity columns of the current schema, as table and column. */
	static List<String[]> identities(Connection connection) throws SQLException {
		List<String[]> identities = new ArrayList<>();
		try (PreparedStatement select = connection.prepareStatement("select table_name, column_name "
				+ "from information_schema.columns where table_schema = current_schema and is_identity = 'YES'");
				ResultSet rows = select.executeQuery()) {
			while (rows.next()) {
				identities.add(new String[] { checked(rows.getString(1)), checked(rows.getString(2)) });
			}
		}
		return identities;
	}

	/**
	 * A table or column name safe to put into SQL: one of the plain lower-case names
	 * Bastion's migrations use.
	 */
	static String checked(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new BackupException("A table or column is named in a way Bastion's schema never is: " + name);
		}
		return name;
	}

}
