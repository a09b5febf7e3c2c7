package dev.bastion.auth;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.bastion.account.ExportContributor;
import dev.bastion.auth.apikey.ApiKeys;
import dev.bastion.auth.passkey.PasskeyCredentials;
import dev.bastion.auth.passkey.PasskeyUsers;
import dev.bastion.auth.passkey.Passkeys;
import dev.bastion.auth.session.Sessions;

/**
 * The user's logins, API keys (names and prefixes only) and passkeys (names and dates,
 * never key material) in their data export.
 */
@Component
class AuthExport implements ExportContributor {

	private final Sessions sessions;

	private final ApiKeys apiKeys;

	private final PasskeyUsers passkeyUsers;

	private final PasskeyCredentials passkeys;

	AuthExport(Sessions sessions, ApiKeys apiKeys, PasskeyUsers passkeyUsers, PasskeyCredentials passkeys) {
		this.sessions = sessions;
		this.apiKeys = apiKeys;
		this.passkeyUsers = passkeyUsers;
		this.passkeys = passkeys;
	}

	@Override
	public String section() {
		return "security";
	}

	@Override
	public Object export(UUID accountId) {
		return Map.of("sessions", this.sessions.list(accountId), "api_keys", this.apiKeys.list(accountId), "passkeys",
				Passkeys.list(this.passkeyUsers, this.passkeys, accountId));
	}

}
