package dev.bastion.system;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import dev.bastion.support.OlderCiphertexts;

/**
 * A database as release 0.1.0 left it: the schema of its migrations (V1 to V4, run from
 * today's files, which must not have changed) and rows written the way 0.1.0's code wrote
 * them, computed here independently of today's code: argon2id password hashes with
 * 0.1.0's parameters, refresh tokens, an API key and recovery codes as keyed hashes, a
 * TOTP secret and a signing key under the unbound AES-GCM format, history under the
 * history key's unbound format, and an audit chain of HMACs over 0.1.0's canonical rows.
 */
final class PreviousRelease {

	static final String SECRET_KEY = "5b2e8f1a7c4d9063e1f7a2c5b8d0e3f6a9c1b4d7";

	static final String HISTORY_KEY = "history-key-of-release-0.1.0-abcdef012345";

	static final String PASSWORD = "cobalt-harbor-lantern-58";

	/** Base32, as 0.1.0's TOTP setup showed it. */
	static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

	static final String USERNAME = "ada";

	static final String REFRESH_TOKEN = "q2VbX9m4Lr7tW1nY8cE3kP6sD0fH5jA2zU4iO7gT9xB";

	static final String API_KEY = "bst_k3y0f010_Zt8wQ2nV5bR1mX7cL4pJ9sF6hD3gK0aE8yU2iO5rT";

	static final String QUESTION = "what did the 0.1.0 release keep?";

	static final String ANSWER = "everything, encrypted";

	static final int AUDIT_EVENTS = 5;

	final UUID account = UUID.randomUUID();

	final UUID conversation = UUID.randomUUID();

	private final JdbcClient jdbc;

	private final byte[] master = SECRET_KEY.getBytes(StandardCharsets.UTF_8);

	private final Instant then = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

	private PreviousRelease(String url, String user, String password) {
		this.jdbc = JdbcClient.create(new DriverManagerDataSource(url, user, password));
	}

	/** Migrates the database to 0.1.0's last version and writes 0.1.0's rows into it. */
	static PreviousRelease plant(String url, String user, String password) {
		Flyway.configure()
			.dataSource(url, user, password)
			.locations("classpath:db/migration")
			.target("4")
			.load()
			.migrate();
		PreviousRelease release = new PreviousRelease(url, user, password);
		release.account();
		release.logins();
		release.history();
		release.signingKey();
		release.auditTrail();
		return release;
	}

	private void account() {
		String hash = "{argon2id}" + new Argon2PasswordEncoder(16, 32, 1, 19456, 2).encode(PASSWORD);
		this.jdbc
			.sql("insert into accounts (id, username, email, password_hash, display_name, role, active, "
					+ "totp_secret, totp_enabled, totp_last_step, tokens_valid_after, created_at, updated_at) "
					+ "values (?, ?, ?, ?, ?, 'ADMIN', true, ?, true, 0, ?, ?, ?)")
			.params(this.account, USERNAME, "ada@example.org", hash, "Ada",
					OlderCiphertexts.storedSecret(storedSecrets(), TOTP_SECRET), at(0), at(0), at(0))
			.update();
		this.jdbc.sql("insert into password_history (account_id, password_hash, created_at) values (?, ?, ?)")
			.params(this.account, hash, at(0))
			.update();
		for (String code : new String[] { "k7mq2-x9v4t", "b3np8-w6r1z" }) {
			this.jdbc.sql("insert into recovery_codes (account_id, code_hash) values (?, ?)")
				.params(this.account, tokenHash(code))
				.update();
		}
		// A reset link of 0.1.0 (V6 drops these: they lack the account state).
		this.jdbc.sql("insert into password_reset_tokens (token_hash, account_id, expires_at) values (?, ?, ?)")
			.params(tokenHash("reset-link-of-0.1.0"), this.account, Timestamp.from(Instant.now().plusSeconds(600)))
			.update();
	}

	private void logins() {
		UUID family = UUID.randomUUID();
		this.jdbc
			.sql("insert into token_families (id, account_id, created_at, last_used_at, expires_at, ip, user_agent) "
					+ "values (?, ?, ?, ?, ?, '127.0.0.1', 'curl/8.0')")
			.params(family, this.account, at(1), at(1), Timestamp.from(Instant.now().plus(10, ChronoUnit.DAYS)))
			.update();
		this.jdbc.sql("insert into refresh_tokens (token_hash, family_id, created_at) values (?, ?, ?)")
			.params(tokenHash(REFRESH_TOKEN), family, at(1))
			.update();
		this.jdbc
			.sql("insert into api_keys (id, account_id, name, prefix, key_hash, created_at) "
					+ "values (?, ?, 'laptop', ?, ?, ?)")
			.params(UUID.randomUUID(), this.account, API_KEY.substring(0, API_KEY.lastIndexOf('_')), tokenHash(API_KEY),
					at(1))
			.update();
		this.jdbc.sql("insert into revoked_tokens (jti, expires_at) values (?, ?)")
			.params(UUID.randomUUID().toString(), Timestamp.from(Instant.now().plusSeconds(600)))
			.update();
	}

	private void history() {
		this.jdbc
			.sql("insert into chat_sessions (id, account_id, title, created_at, updated_at) values (?, ?, ?, ?, ?)")
			.params(this.conversation, this.account,
					OlderCiphertexts.history(HISTORY_KEY, this.conversation, "title", "Release notes"), at(2), at(2))
			.update();
		message("user", QUESTION);
		message("assistant", ANSWER);
		this.jdbc.sql("insert into chat_usage (account_id, usage_day, tokens, requests) values (?, ?, 42, 1)")
			.params(this.account, LocalDate.ofInstant(this.then, ZoneOffset.UTC))
			.update();
	}

	private void message(String role, String text) {
		this.jdbc.sql("insert into chat_messages (session_id, role, content, created_at) values (?, ?, ?, ?)")
			.params(this.conversation, role, OlderCiphertexts.history(HISTORY_KEY, this.conversation, role, text),
					at(2))
			.update();
	}

	private void signingKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			Base64.Encoder base64 = Base64.getEncoder();
			this.jdbc
				.sql("insert into signing_keys (kid, algorithm, private_key_encrypted, public_key, created_at) "
						+ "values (?, 'ES256', ?, ?, ?)")
				.params("es-" + UUID.randomUUID(),
						OlderCiphertexts.storedSecret(storedSecrets(),
								base64.encodeToString(pair.getPrivate().getEncoded())),
						base64.encodeToString(pair.getPublic().getEncoded()), at(0))
				.update();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Rows 1 to 5 chained as 0.1.0's AuditTrail chained them, and the head after them.
	 */
	private void auditTrail() {
		String previous = "0".repeat(64);
		String[][] events = { { "ADMIN_ACTION", "WARNING", "{\"action\":\"create-admin\",\"via\":\"cli\"}" },
				{ "LOGIN_SUCCEEDED", "INFO", "{}" }, { "TOTP_ENABLED", "INFO", "{}" },
				{ "LOGIN_FAILED", "WARNING", "{\"reason\":\"bad_password\"}" },
				{ "API_KEY_CREATED", "INFO", "{\"prefix\":\"bst_k3y0f010\"}" } };
		for (int i = 0; i < events.length; i++) {
			long id = i + 1;
			Instant time = this.then.plusSeconds(id);
			String requestId = UUID.randomUUID().toString();
			String hash = chainHash(previous, id, time, events[i][0], events[i][1], requestId, events[i][2]);
			this.jdbc
				.sql("insert into audit_events (id, occurred_at, type, severity, request_id, ip, user_id, "
						+ "username, user_agent, details, previous_hash, hash) "
						+ "values (?, ?, ?, ?, ?, '127.0.0.1', ?, ?, 'curl/8.0', ?, ?, ?)")
				.params(id, Timestamp.from(time), events[i][0], events[i][1], requestId, this.account, USERNAME,
						events[i][2], previous, hash)
				.update();
			previous = hash;
		}
		this.jdbc.sql("update audit_head set last_id = ?, last_hash = ? where id = 1")
			.params(events.length, previous)
			.update();
	}

	private String chainHash(String previous, long id, Instant time, String type, String severity, String requestId,
			String details) {
		String canonical = String.join("\u001f", previous, Long.toString(id), time.toString(), type, severity,
				requestId, "127.0.0.1", this.account.toString(), USERNAME, "curl/8.0", details);
		return hmac(OlderCiphertexts.derived(this.master, "bastion audit chain", "HmacSHA256"), canonical);
	}

	private String tokenHash(String token) {
		return hmac(OlderCiphertexts.derived(this.master, "bastion token hashing", "HmacSHA256"), token);
	}

	private SecretKey storedSecrets() {
		return OlderCiphertexts.storedSecretsKey(this.master);
	}

	private static String hmac(SecretKey key, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Timestamp at(int hours) {
		return Timestamp.from(this.then.plus(hours, ChronoUnit.HOURS));
	}

}
