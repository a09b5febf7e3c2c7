package dev.bastion.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * A password, token, key or other secret that must never reach a log line, an exception
 * message or a debugger's summary: {@link #toString()} is always {@code <redacted>}, so a
 * record holding one needs no hand-written {@code toString()}. The value is read with
 * {@link #reveal()}, which makes every use visible in review.
 * <p>
 * Binds from configuration and JSON as a plain string (Spring's converters and Jackson
 * find {@link #of(String)}), and is written to JSON as that string, for the responses
 * that hand a secret to its owner once (a new API key, an access token).
 */
public final class Secret {

	private final String value;

	private Secret(String value) {
		this.value = value;
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static Secret of(String value) {
		return new Secret(value);
	}

	@JsonValue
	public String reveal() {
		return this.value;
	}

	/** The secret's UTF-8 bytes. */
	public byte[] bytes() {
		return this.value.getBytes(StandardCharsets.UTF_8);
	}

	public boolean isBlank() {
		return this.value.isBlank();
	}

	/** Compares in constant time, so that equality leaks nothing about the value. */
	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof Secret secret && MessageDigest.isEqual(bytes(), secret.bytes());
	}

	@Override
	public int hashCode() {
		return Secret.class.hashCode();
	}

	@Override
	public String toString() {
		return "<redacted>";
	}

}
