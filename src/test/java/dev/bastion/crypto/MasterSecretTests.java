package dev.bastion.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MasterSecretTests {

	@Test
	void randomSecretsAreNeverTakenForPlaceholders() {
		for (int i = 0; i < 2000; i++) {
			byte[] bytes = new byte[32];
			new java.security.SecureRandom().nextBytes(bytes);
			String hex = java.util.HexFormat.of().formatHex(bytes);
			String base64 = java.util.Base64.getEncoder().encodeToString(bytes);
			assertThat(MasterSecret.isPlaceholder(hex)).as(hex).isFalse();
			assertThat(MasterSecret.isPlaceholder(base64)).as(base64).isFalse();
		}
	}

	@Test
	void samplePlaceholdersAreRecognised() {
		assertThat(MasterSecret.isPlaceholder("your-secret-key-here-make-it-long-enough")).isTrue();
		assertThat(MasterSecret.isPlaceholder("CHANGE_ME_CHANGE_ME_CHANGE_ME_CHANGE_ME")).isTrue();
		assertThat(MasterSecret.isPlaceholder("0123012301230123012301230123012301230123")).isTrue();
	}

	@Test
	void toStringNeverShowsTheSecret() {
		MasterSecret secret = MasterSecret
			.of(new SecretProperties(dev.bastion.system.Secret.of("4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9"), false,
					java.nio.file.Path.of("unused")));
		assertThat(secret.toString()).doesNotContain("4f1c9a7e");
		assertThat(new SecretProperties(dev.bastion.system.Secret.of("4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9"), false,
				java.nio.file.Path.of("unused"))
			.toString()).doesNotContain("4f1c9a7e");
	}

}
