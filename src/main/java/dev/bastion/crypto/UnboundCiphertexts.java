package dev.bastion.crypto;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A module's encrypted column whose values may have been written before encrypted values
 * were bound to their context (the column and the owner). The V8 migration asks each one,
 * once and in its transaction, to re-encrypt such values with their context; afterwards
 * the older format is refused. Implementations work on the connection they are given and
 * must not need the database otherwise: they are created before it is migrated.
 */
public interface UnboundCiphertexts {

	/** Re-encrypts every value of the older format with its context; how many. */
	int bind(Connection connection) throws SQLException;

}
