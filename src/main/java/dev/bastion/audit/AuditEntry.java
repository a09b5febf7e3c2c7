package dev.bastion.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One row of the audit trail, as admins read it.
 *
 * @param details the event's extra facts
 */
public record AuditEntry(long id, Instant time, String type, String severity, @Nullable String requestId,
		@Nullable String ip, @Nullable UUID userId, @Nullable String username, JsonNode details) {

}
