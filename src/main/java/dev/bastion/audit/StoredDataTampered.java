package dev.bastion.audit;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A stored encrypted value did not open where it was found: someone with write access to
 * the database altered it, or copied it from another row or owner (or the key changed).
 *
 * @param accountId the account the value was read for
 * @param username its username, if known
 * @param column the table and column, e.g. {@code accounts.totp_secret}
 */
public record StoredDataTampered(@Nullable UUID accountId, @Nullable String username,
		String column) implements SecurityEvent {

	@Override
	public Severity severity() {
		return Severity.CRITICAL;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("column", this.column);
	}

}
