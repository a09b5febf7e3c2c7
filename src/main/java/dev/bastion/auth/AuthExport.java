package dev.bastion.auth;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.bastion.account.ExportContributor;

/**
 * The user's logins and API keys (names and prefixes only) in their data export.
 */
@Component
class AuthExport implements ExportContributor {

	private final Sessions sessions;

	private final ApiKeys apiKeys;

	AuthExport(Sessions sessions, ApiKeys apiKeys) {
		this.sessions = sessions;
		this.apiKeys = apiKeys;
	}

	@Override
	public String section() {
		return "security";
	}

	@Override
	public Object export(UUID accountId) {
		return Map.of("sessions", this.sessions.list(accountId), "api_keys", this.apiKeys.list(accountId));
	}

}
