package dev.bastion.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * A password, token, key or other secret that must never reach a log line, an exception
 * message or a debugger's summary: {@link #toString()} is always {@code <redacted>}, so a
 * record holding one needs no hand-written {@code toString()}. The value is read with
 * {@link #reveal()}, which makes every use visible in review.
 * <p>
 * Binds from configuration and JSON as a plain string (Spring's converters and Jackson
 * find {@link #of(String)}; JSON is read exactly as a {@code String} field would be,
 * scalars included), and is written to JSON as that string, for the responses that hand a
 * secret to its owner once (a new API key, an access token).
 */
@JsonDeserialize(using = Secret.FromJson.class)
public final class Secret {

	private final String value;

	private Secret(String value) {
		this.value = value;
	}

	public static Secret of(String value) {
		return new Secret(value);
	}

	@JsonValue
	public String reveal() {
		return this.value;
	}

	/** The value of a secret that may be absent, for code that takes a plain string. */
	public static @Nullable String revealed(@Nullable Secret secret) {
		return (secret != null) ? secret.value : null;
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

	static final class FromJson extends StdDeserializer<Secret> {

		FromJson() {
			super(Secret.class);
		}

		@Override
		public Secret deserialize(JsonParser parser, DeserializationContext context) {
			return Secret.of(context.readValue(parser, String.class));
		}

	}

}
