package dev.bastion.auth.token;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.crypto.Secrets;

/**
 * The keys that sign and verify access tokens. By default ES256 keys, generated here and
 * stored with their private half encrypted; rotation makes a new key the signer while the
 * old one keeps verifying the tokens it signed until they expire, unless it is rotated
 * out as compromised: then it is refused at once. Every instance reloads the keys from
 * the database on a short fixed interval ({@link #reload()}), so a rotation made
 * elsewhere (another instance, the command line) reaches it within that interval. With
 * {@code JWT_SECRET_KEY} a single HS256 key instead, which cannot be rotated from inside.
 */
public final class SigningKeys {

	private static final Logger logger = LoggerFactory.getLogger(SigningKeys.class);

	/** How often a token with an unknown {@code kid} may trigger an early reload. */
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

	/**
	 * Rotatable ES256 keys kept in the database. A retired key keeps verifying for as
	 * long as a token it signed can be accepted: the token lifetime, plus the reload
	 * interval (other instances sign with it until they reload), plus the tolerated clock
	 * skew.
	 */
	public static SigningKeys rotatable(JdbcClient jdbc, Secrets secrets, Clock clock, Duration accessTokenTtl,
			Duration reloadInterval) {
		Duration window = accessTokenTtl.plus(reloadInterval).plus(AccessTokenDecoder.CLOCK_SKEW);
		return new SigningKeys(JWSAlgorithm.ES256, new StoredSigningKeys(jdbc, secrets, clock, window));
	}

	/** One HS256 key from configuration. */
	public static SigningKeys fixed(String secret, Secrets secrets) {
		String kid = "hs-" + secrets.hash("jwt kid " + secret).substring(0, 16);
		OctetSequenceKey key = new OctetSequenceKey.Builder(secret.getBytes(StandardCharsets.UTF_8)).keyID(kid)
			.algorithm(JWSAlgorithm.HS256)
			.keyUse(KeyUse.SIGNATURE)
			.build();
		KeySet only = KeySet.of(kid, List.of(key));
		return new SigningKeys(JWSAlgorithm.HS256, () -> only);
	}

	public JWSAlgorithm algorithm() {
		return this.algorithm;
	}

	public String activeKid() {
		return this.keys.get().activeKid();
	}

	/**
	 * Whether a token naming this {@code kid} may still be accepted: checked on every
	 * request, so a key refused since a token was first verified ends that token too.
	 */
	public boolean trusts(@Nullable String kid) {
		return kid != null && this.keys.get().kids().contains(kid);
	}

	/** The {@code kid}s of every key that verifies tokens now, the signer's included. */
	public Set<String> trustedKids() {
		return this.keys.get().kids();
	}

	/** The HS256 key, for the decoder; only in fixed mode. */
	public SecretKeySpec secretKey() {
		OctetSequenceKey key = (OctetSequenceKey) this.keys.get().keys().getFirst();
		return new SecretKeySpec(key.toByteArray(), "HmacSHA256");
	}

	/**
	 * Every key that may verify a token; a {@code kid} not known here (another instance
	 * rotated) triggers an early reload from the database, at most every few seconds.
	 */
	public JWKSource<SecurityContext> source() {
		return (selector, context) -> {
			List<JWK> matches = selector.select(new JWKSet(this.keys.get().keys()));
			if (matches.isEmpty() && reloadAllowed()) {
				reload();
				matches = selector.select(new JWKSet(this.keys.get().keys()));
			}
			return matches;
		};
	}

	/**
	 * Reads the keys again: picks up a key another instance or the command line made the
	 * signer, and drops keys rotated out as compromised or whose window has passed. A
	 * database that cannot be read leaves the keys as they were.
	 */
	public void reload() {
		KeySet before = this.keys.get();
		KeySet after;
		try {
			after = this.store.load();
		}
		catch (DataAccessException ex) {
			logger.warn("Signing keys could not be reloaded: {}", ex.getClass().getSimpleName());
			return;
		}
		this.keys.set(after);
		if (!after.kids().equals(before.kids())) {
			logger.info("Signing keys reloaded: {} signs, {} verify", after.activeKid(), after.kids().size());
		}
	}

	/**
	 * Makes a new key the signer and returns its {@code kid}. With {@code compromised},
	 * every key that still verifies is retired and refused at once (a leak that exposed
	 * one private key most likely exposed the ones kept beside it).
	 */
	public String rotate(boolean compromised) {
		if (!(this.store instanceof StoredSigningKeys database)) {
			throw new BastionException(ErrorCode.CONFLICT,
					"Tokens are signed with JWT_SECRET_KEY; rotate by changing that variable.");
		}
		Set<String> before = this.keys.get().kids();
		String kid = database.rotate(compromised);
		this.keys.set(this.store.load());
		if (compromised) {
			logger.warn("Signing key rotated as compromised: new kid {}; refused from now on: {}", kid, before);
		}
		else {
			logger.info("Signing key rotated: new kid {}", kid);
		}
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

	/**
	 * The keys that verify, the signer's {@code kid}, and their {@code kid}s for lookup.
	 */
	record KeySet(String activeKid, List<JWK> keys, Set<String> kids) {

		static KeySet of(String activeKid, List<JWK> keys) {
			return new KeySet(activeKid, List.copyOf(keys),
					keys.stream().map(JWK::getKeyID).collect(Collectors.toUnmodifiableSet()));
		}

	}

	@FunctionalInterface
	interface Store {

		KeySet load();

	}

}
