package dev.bastion.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import org.jspecify.annotations.Nullable;

import dev.bastion.system.MasterSecret;

/**
 * Proof that a client has logged in to an account before (OWASP's "device cookie"): a
 * token signed with a key derived from SECRET_KEY, naming the account and a random device
 * id. Such a client is not stopped by the account's lock, only by its own failures.
 */
final class DeviceTokens {

	static final Duration LIFETIME = Duration.ofDays(365);

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final SecretKey key;

	private final Clock clock;

	DeviceTokens(MasterSecret secret, Clock clock) {
		this.key = secret.derive("bastion device tokens", "HmacSHA256");
		this.clock = clock;
	}

	String issue(UUID accountId) {
		String payload = accountId + "." + UUID.randomUUID() + "." + this.clock.instant().getEpochSecond();
		String encoded = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		return encoded + "." + sign(encoded);
	}

	/** The device id, if the token is genuine, unexpired and issued for this account. */
	Optional<String> verify(@Nullable String token, UUID accountId) {
		if (token == null || token.length() > 300 || token.indexOf('.') < 0) {
			return Optional.empty();
		}
		String encoded = token.substring(0, token.lastIndexOf('.'));
		String signature = token.substring(token.lastIndexOf('.') + 1);
		if (!MessageDigest.isEqual(sign(encoded).getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII))) {
			return Optional.empty();
		}
		// Signed by us, so well-formed: account id, device id, issue time.
		String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\.");
		Instant issued = Instant.ofEpochSecond(Long.parseLong(parts[2]));
		boolean valid = parts[0].equals(accountId.toString()) && issued.plus(LIFETIME).isAfter(this.clock.instant());
		return valid ? Optional.of(parts[1]) : Optional.empty();
	}

	private String sign(String encoded) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return ENCODER.encodeToString(mac.doFinal(encoded.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
