package dev.bastion.account;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class Argon2idTests {

	@Test
	void aHashFromAGivenSaltIsSpringsEncodingOfTheCurrentParameters() {
		PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);
		byte[] salt = Argon2id.salt();
		String hash = Argon2id.hash("violet-anchor-tundra-71", salt);
		assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
		assertThat(spring.matches("violet-anchor-tundra-71", hash)).isTrue();
		assertThat(spring.matches("violet-anchor-tundra-72", hash)).isFalse();
		assertThat(spring.upgradeEncoding(hash)).as("made with the current parameters").isFalse();
		assertThat(Argon2id.hash("violet-anchor-tundra-71", salt)).isEqualTo(hash);
		assertThat(Argon2id.hash("violet-anchor-tundra-71", Argon2id.salt())).isNotEqualTo(hash);
		assertThat(Argon2id.laneSalt()).hasSize(16).isNotEqualTo(Argon2id.laneSalt()).isNotEqualTo(salt);
	}

	@Test
	void theEncoderThatReusesBlocksAgreesWithSpringsOnEveryForm() {
		String password = "violet-anchor-tundra-71";
		PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);
		PasswordEncoder pooled = Argon2id.encoder();
		String ours = Argon2id.hash(password, Argon2id.salt());
		String other = new Argon2PasswordEncoder(16, 24, 2, 4096, 3).encode(password);
		for (String hash : List.of(ours, spring.encode(password), other)) {
			assertThat(spring.matches(password, hash)).isTrue();
			assertThat(pooled.matches(password, hash)).as(hash).isTrue();
			assertThat(pooled.matches(password + "x", hash)).isFalse();
		}
		String tampered = ours.substring(0, ours.length() - 2) + (ours.endsWith("AA") ? "BB" : "AA");
		assertThat(pooled.matches(password, tampered)).isFalse();
		assertThat(pooled.matches("", Argon2id.hash("", Argon2id.salt()))).as("as Spring: never an empty password")
			.isFalse();
		for (String odd : List.of("", "plain", "$argon2id$v=19$m=19456,t=2,p=1$A$A",
				"$argon2id$v=19$m=19456,t=2,p=1$%%%$abc", ours.replace("$argon2id$", "$argon2i$"),
				ours.replace("$v=19$", "$v=16$"))) {
			assertThat(pooled.matches(password, odd)).as(odd).isFalse();
		}
	}

	@Test
	void hashesRunningAtOnceEachHaveBlocksOfTheirOwn() throws Exception {
		byte[] salt = Argon2id.salt();
		String expected = Argon2id.hash("violet-anchor-tundra-71", salt);
		try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
			List<Future<String>> hashes = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				hashes.add(threads.submit(() -> Argon2id.hash("violet-anchor-tundra-71", salt)));
			}
			for (Future<String> hash : hashes) {
				assertThat(hash.get()).isEqualTo(expected);
			}
		}
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
