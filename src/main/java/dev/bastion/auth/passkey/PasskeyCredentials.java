package dev.bastion.auth.passkey;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * Spring Security's JDBC credential store, with one rule it leaves out: the signature
 * counter only moves forward. Spring's verification compares a sign-in's counter with the
 * one the passkey had when it was registered; here each sign-in must also pass the last
 * one, in one conditional update, so that two authenticators holding the same key (a
 * clone) give themselves away. Authenticators that keep no counter send 0 each time and
 * are let through, as the WebAuthn specification says.
 */
public final class PasskeyCredentials implements UserCredentialRepository {

	private final JdbcUserCredentialRepository credentials;

	private final JdbcClient jdbc;

	private final Clock clock;

	PasskeyCredentials(JdbcUserCredentialRepository credentials, JdbcClient jdbc, Clock clock) {
		this.credentials = credentials;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public void delete(Bytes credentialId) {
		this.credentials.delete(credentialId);
	}

	/**
	 * A new passkey is stored whole; a known one only takes the counter and time of a
	 * sign-in, and only when the counter went forward.
	 * @throws CounterWentBackwards when it did not
	 */
	@Override
	public void save(CredentialRecord record) {
		if (this.credentials.findByCredentialId(record.getCredentialId()) == null) {
			this.credentials.save(record);
			return;
		}
		long counter = record.getSignatureCount();
		int updated = this.jdbc
			.sql("update user_credentials set signature_count = ?, last_used = ? where credential_id = ?"
					+ " and (signature_count < ? or (signature_count = 0 and ? = 0))")
			.param(counter)
			.param(Timestamp.from(this.clock.instant()))
			.param(record.getCredentialId().toBase64UrlString())
			.param(counter)
			.param(counter)
			.update();
		if (updated == 0) {
			throw new CounterWentBackwards();
		}
	}

	@Override
	public @Nullable CredentialRecord findByCredentialId(Bytes credentialId) {
		return this.credentials.findByCredentialId(credentialId);
	}

	@Override
	public List<CredentialRecord> findByUserId(Bytes userId) {
		return this.credentials.findByUserId(userId);
	}

	/**
	 * A sign-in whose signature counter did not pass the last one seen: the passkey's key
	 * may have been copied.
	 */
	static final class CounterWentBackwards extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CounterWentBackwards() {
			super("The signature counter did not increase", null, false, false);
		}

	}

}
