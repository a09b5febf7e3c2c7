package dev.bastion.account;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Spring's argon2 encoder, except that it verifies an argon2id (version 1.3) hash in
 * {@link Argon2id}'s reused blocks, where Spring's makes 20 MiB of new ones for every
 * login. Any other form (argon2i or argon2d, version 1.0, a malformed string) and an
 * empty password go to Spring's encoder, which decides as it always did; so does the
 * question whether a hash is outdated. (Bastion's new hashes come from
 * {@link Argon2id#hash}, not from {@link #encode}.)
 */
final class PooledArgon2Encoder implements PasswordEncoder {

	/** {@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}, unpadded Base64. */
	private static final Pattern ARGON2ID = Pattern
		.compile("\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

	private final PasswordEncoder spring;

	PooledArgon2Encoder(PasswordEncoder spring) {
		this.spring = spring;
	}

	@Override
	public @Nullable String encode(@Nullable CharSequence rawPassword) {
		return this.spring.encode(rawPassword);
	}

	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		Matcher hash = (encodedPassword != null) ? ARGON2ID.matcher(encodedPassword) : null;
		// Spring answers false for an empty password without a hash: so do we.
		if (rawPassword == null || rawPassword.isEmpty() || hash == null || !hash.matches()) {
			return this.spring.matches(rawPassword, encodedPassword);
		}
		byte[] salt;
		byte[] expected;
		try {
			salt = Base64.getDecoder().decode(hash.group(4));
			expected = Base64.getDecoder().decode(hash.group(5));
		}
		catch (IllegalArgumentException ex) {
			return this.spring.matches(rawPassword, encodedPassword);
		}
		byte[] actual = Argon2id.compute(rawPassword.toString(), salt, Integer.parseInt(hash.group(1)),
				Integer.parseInt(hash.group(2)), Integer.parseInt(hash.group(3)), expected.length);
		return MessageDigest.isEqual(expected, actual);
	}

	@Override
	public boolean upgradeEncoding(@Nullable String encodedPassword) {
		return this.spring.upgradeEncoding(encodedPassword);
	}

}
