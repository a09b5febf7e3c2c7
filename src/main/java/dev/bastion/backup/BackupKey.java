package dev.bastion.backup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.crypto.MasterSecret;

/**
 * The key backups are encrypted with ({@code BACKUP_KEY}), supplied by the operator: at
 * least 32 bytes, not a placeholder, and neither {@code SECRET_KEY} nor
 * {@code CHAT_HISTORY_KEY} (nor derived from them), so that a backup and the secrets that
 * open what is inside it can be kept apart.
 */
public final class BackupKey {

	static final int MIN_BYTES = 32;

	private final byte[] key;

	private BackupKey(byte[] key) {
		this.key = key;
	}

	/** The key configured in this environment, checked; refused when missing. */
	public static BackupKey fromEnvironment(Environment environment) {
		return of(Binder.get(environment).bindOrCreate("bastion.backup", BackupProperties.class),
				MasterSecret.fromEnvironment(environment));
	}

	static BackupKey of(BackupProperties properties, MasterSecret secret) {
		String key = properties.key().reveal().strip();
		String historyKey = properties.historyKey().reveal();
		if (key.isEmpty()) {
			throw new InsecureConfigurationException("BACKUP_KEY", "is not set",
					"Set BACKUP_KEY (or BACKUP_KEY_FILE) to at least 32 random bytes of its own, e.g. "
							+ "`openssl rand -hex 32`, and keep it apart from the backups.");
		}
		check(key, secret, historyKey);
		return new BackupKey(key.getBytes(StandardCharsets.UTF_8));
	}

	/** Refuses a key that is short, a placeholder, or another of Bastion's secrets. */
	static void check(String key, MasterSecret secret, String historyKey) {
		byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_BYTES) {
			throw new InsecureConfigurationException("BACKUP_KEY", "is shorter than " + MIN_BYTES + " bytes",
					"Use at least 32 random bytes, e.g. `openssl rand -hex 32`.");
		}
		if (MasterSecret.isPlaceholder(key)) {
			throw new InsecureConfigurationException("BACKUP_KEY", "looks like a placeholder, not a random secret",
					"Replace it with random bytes, e.g. `openssl rand -hex 32`.");
		}
		if (MessageDigest.isEqual(bytes, secret.bytes())
				|| MessageDigest.isEqual(bytes, historyKey.strip().getBytes(StandardCharsets.UTF_8))) {
			throw new InsecureConfigurationException("BACKUP_KEY", "is the same as SECRET_KEY or CHAT_HISTORY_KEY",
					"Give backups a key of their own (`openssl rand -hex 32`): whoever holds a backup and its key "
							+ "must not thereby hold the secrets that protect what is inside it.");
		}
	}

	/** A copy of the key's bytes. */
	byte[] bytes() {
		return Arrays.copyOf(this.key, this.key.length);
	}

	@Override
	public String toString() {
		return "BackupKey[<redacted>]";
	}

}
