package dev.bastion.auth.token;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.crypto.Secrets;

/**
 * ES256 signing keys in the {@code signing_keys} table, the private half encrypted. A key
 * is loaded while it signs, and after its retirement for as long as its tokens can be
 * accepted; a key retired as compromised is kept for forensics but never loaded again.
 */
final class StoredSigningKeys implements SigningKeys.Store {

	private final JdbcClient jdbc;

	private final Secrets secrets;

	private final Clock clock;

	private final Duration verifyRetiredFor;

	/** Keys already decrypted, by {@code kid}: a reload decrypts only new ones. */
	private final Map<String, JWK> decrypted = new ConcurrentHashMap<>();

	StoredSigningKeys(JdbcClient jdbc, Secrets secrets, Clock clock, Duration verifyRetiredFor) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.clock = clock;
		this.verifyRetiredFor = verifyRetiredFor;
	}

	@Override
	public SigningKeys.KeySet load() {
		List<StoredKey> stored = query();
		if (stored.stream().noneMatch((key) -> key.retiredAt() == null)) {
			rotate(false);
			stored = query();
		}
		String active = stored.stream().filter((key) -> key.retiredAt() == null).findFirst().orElseThrow().kid();
		List<JWK> keys = stored.stream().map(this::jwk).toList();
		this.decrypted.keySet().retainAll(stored.stream().map(StoredKey::kid).toList());
		return SigningKeys.KeySet.of(active, keys);
	}

	private List<StoredKey> query() {
		return this.jdbc
			.sql("select kid, private_key_encrypted, public_key, retired_at from signing_keys "
					+ "where compromised_at is null and (retired_at is null or retired_at > ?) "
					+ "order by created_at desc")
			.param(oldestTrusted())
			.query((row, number) -> new StoredKey(row.getString("kid"), row.getString("private_key_encrypted"),
					row.getString("public_key"), row.getTimestamp("retired_at")))
			.list();
	}

	/**
	 * Inserts a new key first and retires the others after, so that another instance
	 * reloading in between finds a signer (the newest) at every moment.
	 */
	String rotate(boolean compromised) {
		KeyPair pair = generate();
		String kid = "es-" + UUID.randomUUID();
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc
			.sql("insert into signing_keys (kid, algorithm, private_key_encrypted, public_key, created_at) "
					+ "values (?, 'ES256', ?, ?, ?)")
			.params(kid, this.secrets.encrypt(base64(pair.getPrivate().getEncoded()), SigningKeyBinding.context(kid)),
					base64(pair.getPublic().getEncoded()), now)
			.update();
		if (compromised) {
			this.jdbc
				.sql("update signing_keys set retired_at = coalesce(retired_at, ?), compromised_at = ? "
						+ "where kid <> ? and compromised_at is null and (retired_at is null or retired_at > ?)")
				.params(now, now, kid, oldestTrusted())
				.update();
		}
		else {
			this.jdbc.sql("update signing_keys set retired_at = ? where retired_at is null and kid <> ?")
				.params(now, kid)
				.update();
		}
		return kid;
	}

	/** Keys retired before this no longer verify anything. */
	private Timestamp oldestTrusted() {
		return Timestamp.from(this.clock.instant().minus(this.verifyRetiredFor));
	}

	private JWK jwk(StoredKey stored) {
		return this.decrypted.computeIfAbsent(stored.kid(), (kid) -> decrypt(stored));
	}

	private JWK decrypt(StoredKey stored) {
		try {
			KeyFactory factory = KeyFactory.getInstance("EC");
			ECPublicKey publicKey = (ECPublicKey) factory
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(stored.publicKey())));
			ECPrivateKey privateKey = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
				.decode(this.secrets.decrypt(stored.privateKeyEncrypted(), SigningKeyBinding.context(stored.kid())))));
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

	private record StoredKey(String kid, String privateKeyEncrypted, String publicKey, @Nullable Timestamp retiredAt) {
	}

}
