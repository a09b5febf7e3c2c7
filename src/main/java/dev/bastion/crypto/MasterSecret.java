package dev.bastion.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.system.Secret;

/**
 * The master secret ({@code SECRET_KEY}) from which every key Bastion keeps for one
 * purpose is derived (stored secrets, token hashes, device tokens, the audit chain, web
 * sessions); validated once, at start-up.
 */
public final class MasterSecret {

	static final int MIN_BYTES = 32;

	/** The HKDF salt of every key derived from the master secret. */
	private static final byte[] SALT = "bastion".getBytes(StandardCharsets.UTF_8);

	private static final Logger logger = LoggerFactory.getLogger(MasterSecret.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	/**
	 * Fragments of the placeholders found in sample configurations; long enough never to
	 * occur by chance.
	 */
	private static final List<String> PLACEHOLDERS = List.of("changeme", "changethis", "replaceme", "yoursecret",
			"secretkeyhere", "placeholder", "example", "insecure", "notsecret", "donotuse", "dontuse", "supersecret");

	private static final int MIN_DISTINCT_CHARACTERS = 10;

	private final byte[] key;

	private MasterSecret(byte[] key) {
		this.key = key;
	}

	/**
	 * The master secret as the service would read it from this environment (for the
	 * command line, which may need it before any database is opened).
	 */
	public static MasterSecret fromEnvironment(Environment environment) {
		return of(Binder.get(environment).bindOrCreate("bastion.secrets", SecretProperties.class));
	}

	static MasterSecret of(SecretProperties properties) {
		Secret secret = properties.secretKey();
		String configured = Secret.revealed(secret);
		if (configured == null || configured.isBlank()) {
			if (!properties.allowGenerated()) {
				throw new InsecureConfigurationException("SECRET_KEY", "is missing",
						"Set SECRET_KEY (or SECRET_KEY_FILE) to at least 32 random bytes, e.g. `openssl rand -hex 32`.");
			}
			return new MasterSecret(developmentSecret(properties.generatedKeyFile()));
		}
		byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_BYTES) {
			throw new InsecureConfigurationException("SECRET_KEY", "is shorter than " + MIN_BYTES + " bytes",
					"Use at least 32 random bytes, e.g. `openssl rand -hex 32`.");
		}
		if (isPlaceholder(configured)) {
			throw new InsecureConfigurationException("SECRET_KEY", "looks like a placeholder, not a random secret",
					"Replace it with random bytes, e.g. `openssl rand -hex 32`.");
		}
		return new MasterSecret(bytes);
	}

	/**
	 * Development without SECRET_KEY: a random secret generated once and kept beside the
	 * development database (owner-only file), so that what is encrypted or signed with it
	 * survives a restart.
	 */
	private static byte[] developmentSecret(Path file) {
		try {
			if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
				generate(file);
				logger.warn("SECRET_KEY is not set: generated a development secret in {}. "
						+ "Set SECRET_KEY before going to production.", file);
			}
			else {
				logger.warn("SECRET_KEY is not set: using the generated development secret in {}. "
						+ "Set SECRET_KEY before going to production.", file);
			}
			byte[] secret = Files.readString(file, StandardCharsets.US_ASCII)
				.strip()
				.getBytes(StandardCharsets.US_ASCII);
			if (secret.length < MIN_BYTES) {
				throw new InsecureConfigurationException("SECRET_KEY",
						"is not set and the development secret is damaged",
						"Set SECRET_KEY, or delete " + file + " to have a new one generated.");
			}
			return secret;
		}
		catch (FileAlreadyExistsException ex) {
			return developmentSecret(file);
		}
		catch (IOException ex) {
			throw new InsecureConfigurationException("SECRET_KEY", "is not set and no development secret could be kept",
					"Set SECRET_KEY, or make the data directory (DATA_DIR) writable.");
		}
	}

	/**
	 * Writes a new secret aside, then links it into place, which fails if another process
	 * starting on the same directory got there first: nobody reads a half-written file,
	 * and every process uses the secret the file keeps.
	 */
	private static void generate(Path file) throws IOException {
		Path directory = Files.createDirectories(Objects.requireNonNull(file.toAbsolutePath().getParent()));
		byte[] generated = new byte[MIN_BYTES];
		RANDOM.nextBytes(generated);
		Path written = Files.createTempFile(directory, ".secret", ".key",
				PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		try {
			Files.write(written, HexFormat.of().formatHex(generated).getBytes(StandardCharsets.US_ASCII));
			Files.createLink(file, written);
		}
		finally {
			Files.deleteIfExists(written);
		}
	}

	/**
	 * Whether a secret looks like a sample configuration's placeholder rather than random
	 * bytes: a known placeholder word in it, or fewer than 10 distinct characters.
	 */
	public static boolean isPlaceholder(String secret) {
		String letters = secret.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		return PLACEHOLDERS.stream().anyMatch(letters::contains)
				|| secret.chars().distinct().count() < MIN_DISTINCT_CHARACTERS;
	}

	/** A copy of the secret's bytes. */
	public byte[] bytes() {
		return Arrays.copyOf(this.key, this.key.length);
	}

	/**
	 * HMAC-SHA256 under a key for this purpose only (HKDF-SHA256 with the purpose as
	 * info), so that a key leaked from one use says nothing about another.
	 */
	public Hmac hmac(String purpose) {
		return Hmac.derived(this.key, SALT, purpose);
	}

	/** AES-256-GCM under a key for this purpose only, derived as for {@link #hmac}. */
	public Aead aead(String purpose) {
		return Aead.derived(this.key, SALT, purpose);
	}

	@Override
	public String toString() {
		return "MasterSecret[<redacted>]";
	}

}
