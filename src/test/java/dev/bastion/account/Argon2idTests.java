package dev.bastion.account;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class Argon2idTests {

	@Test
	void aHashFromAGivenSaltIsSpringsEncodingOfTheCurrentParameters() {
		PasswordEncoder spring = Argon2id.encoder();
		byte[] salt = Argon2id.salt();
		String hash = Argon2id.hash("violet-anchor-tundra-71", salt);
		assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
		assertThat(spring.matches("violet-anchor-tundra-71", hash)).isTrue();
		assertThat(spring.matches("violet-anchor-tundra-72", hash)).isFalse();
		assertThat(spring.upgradeEncoding(hash)).as("made with the current parameters").isFalse();
		assertThat(Argon2id.hash("violet-anchor-tundra-71", salt)).isEqualTo(hash);
		assertThat(Argon2id.hash("violet-anchor-tundra-71", Argon2id.salt())).isNotEqualTo(hash);
	}

	@Test
	void theStoredFormVerifiesThroughTheDelegatingEncoder() {
		PasswordEncoder stored = new AccountConfiguration().passwordEncoder();
		String hash = "{argon2id}" + Argon2id.hash("harbor-quartz-lilac-93", Argon2id.salt());
		assertThat(stored.matches("harbor-quartz-lilac-93", hash)).isTrue();
		assertThat(stored.upgradeEncoding(hash)).isFalse();
	}

	@Test
	void theUnmatchableHashCostsAVerificationLikeARealOneAndMatchesNothing() {
		PasswordEncoder stored = new AccountConfiguration().passwordEncoder();
		String unmatchable = "{argon2id}" + Argon2id.unmatchable();
		String real = "{argon2id}" + Argon2id.hash("harbor-quartz-lilac-93", Argon2id.salt());

		assertThat(unmatchable).hasSameSizeAs(real).startsWith("{argon2id}$argon2id$v=19$m=19456,t=2,p=1$");
		assertThat(stored.upgradeEncoding(unmatchable)).as("the current parameters, so the same work").isFalse();
		assertThat(stored.matches("", unmatchable)).isFalse();
		assertThat(stored.matches("harbor-quartz-lilac-93", unmatchable)).isFalse();
		assertThat(Argon2id.unmatchable()).isNotEqualTo(Argon2id.unmatchable());
	}

}
