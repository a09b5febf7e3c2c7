package dev.bastion.crypto;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bastion.support.StartupCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code SECRET_KEY} that refuses the start, without echoing the value given.
 */
class MasterSecretSettingsTests {

	static final String GOOD_SECRET = "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9";

	private static final StartupCheck SECRET = StartupCheck.of(CryptoConfiguration.class).creating("masterSecret");

	@Test
	void aMissingSecretIsRefusedInProduction() {
		SECRET.inProduction().assertRefused("SECRET_KEY is missing");
	}

	@Test
	void aShortSecretIsRefused() {
		String shown = SECRET.inProduction()
			.assertRefused("SECRET_KEY is shorter than 32 bytes", "SECRET_KEY=s3cr3t-but-too-short-x9");
		assertThat(shown).doesNotContain("s3cr3t-but-too-short-x9");
	}

	@Test
	void aPlaceholderSecretIsRefused() {
		SECRET.inProduction()
			.assertRefused("SECRET_KEY looks like a placeholder, not a random secret",
					"SECRET_KEY=change-me-to-a-long-random-value-please");
		SECRET.inProduction()
			.assertRefused("SECRET_KEY looks like a placeholder, not a random secret",
					"SECRET_KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	}

	@Test
	void aSecretGivenTwiceIsRefused(@TempDir Path directory) throws Exception {
		Path file = Files.writeString(directory.resolve("secret"), GOOD_SECRET + "\n");
		SECRET.assertRefused("SECRET_KEY is set both directly and through SECRET_KEY_FILE", "SECRET_KEY=" + GOOD_SECRET,
				"SECRET_KEY_FILE=" + file);
	}

	@Test
	void aDamagedDevelopmentSecretIsRefusedNotUsed(@TempDir Path data) throws Exception {
		// An empty file, as a process killed while writing it could once leave.
		Files.createFile(data.resolve("secret.key"));
		SECRET.assertRefused("SECRET_KEY is not set and the development secret is damaged", "DATA_DIR=" + data);
	}

	@Test
	void aRandomSecretPasses() {
		SECRET.inProduction().assertStarts("SECRET_KEY=" + GOOD_SECRET);
	}

}
