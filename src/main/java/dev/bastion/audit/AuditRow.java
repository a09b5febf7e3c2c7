package dev.bastion.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** One row of {@code audit_events}, the part its hash covers. */
record AuditRow(long id, Instant time, String type, String severity, @Nullable String requestId, @Nullable String ip,
		@Nullable UUID userId, @Nullable String username, @Nullable String userAgent, String details) {

	AuditRow withId(long newId) {
		return new AuditRow(newId, this.time, this.type, this.severity, this.requestId, this.ip, this.userId,
				this.username, this.userAgent, this.details);
	}

	/** Its keyed hash, chained to the previous row's. */
	String hash(ChainKey key, String previous) {
		return key.mac(previous, Long.toString(this.id), this.time.toString(), this.type, this.severity,
				String.valueOf(this.requestId), String.valueOf(this.ip), String.valueOf(this.userId),
				String.valueOf(this.username), String.valueOf(this.userAgent), this.details);
	}

	AuditEntry entry(JsonMapper json) {
		return new AuditEntry(this.id, this.time, this.type, this.severity, this.requestId, this.ip, this.userId,
				this.username, json.readTree(this.details));
	}

	static Stored stored(ResultSet rs, int number) throws SQLException {
		AuditRow row = new AuditRow(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("type"),
				rs.getString("severity"), rs.getString("request_id"), rs.getString("ip"),
				rs.getObject("user_id", UUID.class), rs.getString("username"), rs.getString("user_agent"),
				rs.getString("details"));
		return new Stored(row, rs.getString("previous_hash"), rs.getString("hash"));
	}

	/** A row with the hashes stored beside it. */
	record Stored(AuditRow row, String previousHash, String hash) {
	}

}
