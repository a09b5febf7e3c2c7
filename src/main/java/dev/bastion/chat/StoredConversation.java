package dev.bastion.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A row of {@code chat_sessions} as stored, its title still sealed (null until the first
 * message), with the preset it uses (null: none).
 */
record StoredConversation(UUID id, @Nullable String title, Instant createdAt, Instant updatedAt,
		@Nullable UUID presetId) {

	/** The columns {@link #of} reads. */
	static final String COLUMNS = "id, title, created_at, updated_at, preset_id";

	static StoredConversation of(ResultSet row, int number) throws SQLException {
		return new StoredConversation(row.getObject("id", UUID.class), row.getString("title"),
				row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant(),
				row.getObject("preset_id", UUID.class));
	}

	boolean titled() {
		return this.title != null;
	}

}
