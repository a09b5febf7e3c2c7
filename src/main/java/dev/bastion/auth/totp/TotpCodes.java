package dev.bastion.auth.totp;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.secret.DefaultSecretGenerator;

import org.springframework.stereotype.Component;

/**
 * RFC 6238 codes (SHA-1, 6 digits, 30 s, as every authenticator app expects) through the
 * {@code totp} library. Returns the time step a code belongs to, so the caller can refuse
 * to accept the same code twice.
 */
@Component
final class TotpCodes {

	static final int PERIOD_SECONDS = 30;

	private static final int DIGITS = 6;

	/** Accept the previous and next step too, for clocks a little off. */
	private static final int DRIFT_STEPS = 1;

	private static final Pattern CODE = Pattern.compile("\\d{6}");

	private final DefaultCodeGenerator generator = new DefaultCodeGenerator(HashingAlgorithm.SHA1, DIGITS);

	private final DefaultSecretGenerator secrets = new DefaultSecretGenerator();

	private final Clock clock;

	TotpCodes(Clock clock) {
		this.clock = clock;
	}

	String newSecret() {
		return this.secrets.generate();
	}

	String uri(String secret, String username) {
		return new QrData.Builder().label(username)
			.secret(secret)
			.issuer("Bastion")
			.algorithm(HashingAlgorithm.SHA1)
			.digits(DIGITS)
			.period(PERIOD_SECONDS)
			.build()
			.getUri();
	}

	static boolean looksLikeCode(String text) {
		return CODE.matcher(text).matches();
	}

	/** The time step whose code this is, if it is valid now. */
	OptionalLong step(String secret, String code) {
		if (!looksLikeCode(code)) {
			return OptionalLong.empty();
		}
		long now = this.clock.instant().getEpochSecond() / PERIOD_SECONDS;
		for (long step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
			if (MessageDigest.isEqual(generate(secret, step), code.getBytes(StandardCharsets.US_ASCII))) {
				return OptionalLong.of(step);
			}
		}
		return OptionalLong.empty();
	}

	private byte[] generate(String secret, long step) {
		try {
			return this.generator.generate(secret, step).getBytes(StandardCharsets.US_ASCII);
		}
		catch (CodeGenerationException ex) {
			throw new IllegalStateException("TOTP code generation failed", ex);
		}
	}

}
