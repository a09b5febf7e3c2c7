package dev.bastion.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.Secrets;

/**
 * The keys that sign and verify access tokens. By default ES256 keys, generated here and
 * stored with their private half encrypted; rotation makes a new key the signer while the
 * old one keeps verifying the tokens it signed until they expire. With
 * {@code JWT_SECRET_KEY} a single HS256 key instead, which cannot be rotated from inside.
 */
public final class SigningKeys {

	private static final Logger logger = LoggerFactory.getLogger(SigningKeys.class);

	private static final Duration RELOAD_AT_MOST_EVERY = Duration.ofSeconds(5);

	private final JWSAlgorithm algorithm;

	private final AtomicReference<KeySet> keys = new AtomicReference<>();

	private final Store store;

	private volatile Instant lastReload = Instant.EPOCH;

	private SigningKeys(JWSAlgorithm algorithm, Store store) {
		this.algorithm = algorithm;
		this.store = store;
		this.keys.set(store.load());
	}

	/** Rotatable ES256 keys kept in the database. */
	public static SigningKeys rotatable(JdbcClient jdbc, Secrets secrets, Clock clock, Duration verifyRetiredFor) {
		return new SigningKeys(JWSAlgorithm.ES256, new DatabaseStore(jdbc, secrets, clock, verifyRetiredFor));
	}

	/** One HS256 key from configuration. */
	public static SigningKeys fixed(String secret, Secrets secrets) {
		String kid = "hs-" + secrets.hash("jwt kid " + secret).substring(0, 16);
		OctetSequenceKey key = new OctetSequenceKey.Builder(secret.getBytes(StandardCharsets.UTF_8)).keyID(kid)
			.algorithm(JWSAlgorithm.HS256)
			.keyUse(KeyUse.SIGNATURE)
			.build();
		return new SigningKeys(JWSAlgorithm.HS256, () -> new KeySet(kid, List.of(key)));
	}

	public JWSAlgorithm algorithm() {
		return this.algorithm;
	}

	public String activeKid() {
		return this.keys.get().activeKid();
	}

	/** The HS256 key, for the decoder; only in fixed mode. */
	public SecretKeySpec secretKey() {
		OctetSequenceKey key = (OctetSequenceKey) this.keys.get().keys().getFirst();
		return new SecretKeySpec(key.toByteArray(), "HmacSHA256");
	}

	/**
	 * Every key that may verify a token; a {@code kid} not known here (another instance
	 * rotated) triggers one reload from the database.
	 */
	public JWKSource<SecurityContext> source() {
		return (selector, context) -> {
			List<JWK> matches = selector.select(new JWKSet(this.keys.get().keys()));
			if (matches.isEmpty() && reloadAllowed()) {
				this.keys.set(this.store.load());
				matches = selector.select(new JWKSet(this.keys.get().keys()));
			}
			return matches;
		};
	}

	/** Makes a new key the signer and returns its {@code kid}. */
	public String rotate() {
		if (!(this.store instanceof DatabaseStore database)) {
			throw new BastionException(ErrorCode.CONFLICT,
					"Tokens are signed with JWT_SECRET_KEY; rotate by changing that variable.");
		}
		String kid = database.rotate();
		this.keys.set(this.store.load());
		logger.info("Signing key rotated: new kid {}", kid);
		return kid;
	}

	private boolean reloadAllowed() {
		Instant now = Instant.now();
		if (now.isBefore(this.lastReload.plus(RELOAD_AT_MOST_EVERY))) {
			return false;
		}
		this.lastReload = now;
		return true;
	}

	record KeySet(String activeKid, List<JWK> keys) {
	}

	@FunctionalInterface
	interface Store {

		KeySet load();

	}

	private static final class DatabaseStore implements Store {

		private final JdbcClient jdbc;

		private final Secrets secrets;

		private final Clock clock;

		private final Duration verifyRetiredFor;

		DatabaseStore(JdbcClient jdbc, Secrets secrets, Clock clock, Duration verifyRetiredFor) {
			this.jdbc = jdbc;
			this.secrets = secrets;
			this.clock = clock;
			this.verifyRetiredFor = verifyRetiredFor;
		}

		@Override
		public KeySet load() {
			List<StoredKey> stored = query();
			if (stored.stream().noneMatch((key) -> key.retiredAt() == null)) {
				rotate();
				stored = query();
			}
			String active = stored.stream().filter((key) -> key.retiredAt() == null).findFirst().orElseThrow().kid();
			return new KeySet(active, stored.stream().map(this::jwk).toList());
		}

		private List<StoredKey> query() {
			Timestamp oldest = Timestamp.from(this.clock.instant().minus(this.verifyRetiredFor));
			return this.jdbc
				.sql("select kid, private_key_encrypted, public_key, retired_at from signing_keys "
						+ "where retired_at is null or retired_at > ? order by created_at desc")
				.param(oldest)
				.query((row, number) -> new StoredKey(row.getString("kid"), row.getString("private_key_encrypted"),
						row.getString("public_key"), row.getTimestamp("retired_at")))
				.list();
		}

		String rotate() {
			KeyPair pair = generate();
			String kid = "es-" + UUID.randomUUID();
			Timestamp now = Timestamp.from(this.clock.instant());
			this.jdbc.sql("update signing_keys set retired_at = ? where retired_at is null").param(now).update();
			this.jdbc
				.sql("insert into signing_keys (kid, algorithm, private_key_encrypted, public_key, created_at) "
						+ "values (?, 'ES256', ?, ?, ?)")
				.params(kid,
						this.secrets.encrypt(base64(pair.getPrivate().getEncoded()), SigningKeyBinding.context(kid)),
						base64(pair.getPublic().getEncoded()), now)
				.update();
			return kid;
		}

		private JWK jwk(StoredKey stored) {
			try {
				KeyFactory factory = KeyFactory.getInstance("EC");
				ECPublicKey publicKey = (ECPublicKey) factory
					.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(stored.publicKey())));
				ECPrivateKey privateKey = (ECPrivateKey) factory
					.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
						.decode(this.secrets.decrypt(stored.privateKeyEncrypted(),
								SigningKeyBinding.context(stored.kid())))));
				return new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey)
					.keyID(stored.kid())
					.algorithm(JWSAlgorithm.ES256)
					.keyUse(KeyUse.SIGNATURE)
					.build();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Stored signing key " + stored.kid() + " is unreadable", ex);
			}
		}

		private static KeyPair generate() {
			try {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec("secp256r1"));
				return generator.generateKeyPair();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("P-256 keys are not available", ex);
			}
		}

		private static String base64(byte[] bytes) {
			return Base64.getEncoder().encodeToString(bytes);
		}

	}

	private record StoredKey(String kid, String privateKeyEncrypted, String publicKey, Timestamp retiredAt) {
	}

}
