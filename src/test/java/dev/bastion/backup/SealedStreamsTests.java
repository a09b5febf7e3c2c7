package dev.bastion.backup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.bastion.crypto.MasterSecret;
import dev.bastion.system.Secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The encrypted backup format: content of any size comes back as written, and nothing
 * else opens: another key, a changed byte in the header or in any part, parts dropped,
 * swapped or cut off at the end, or bytes added after it.
 */
class SealedStreamsTests {

	private static final BackupKey KEY = key("0f3a9c7e1b5d2846af0c3e7b9d1f5a2c8e4b6d0a");

	private final byte[] content = new byte[3 * SealedStreams.CHUNK + 1234];

	SealedStreamsTests() {
		new Random(7).nextBytes(this.content);
	}

	@Test
	void contentOfSeveralPartsComesBackAsWritten() throws IOException {
		byte[] sealed = seal(this.content);
		assertThat(sealed).hasSizeGreaterThan(this.content.length);
		assertThat(open(sealed, KEY)).isEqualTo(this.content);
		assertThat(open(seal(new byte[0]), KEY)).isEmpty();
		assertThat(seal(this.content)).as("a fresh salt and keys for every file").isNotEqualTo(sealed);
	}

	@Test
	void anotherKeyIsToldApartFromDamage() throws IOException {
		byte[] sealed = seal(this.content);
		assertThatThrownBy(() -> open(sealed, key("9e7c5a3f1d8b6e4c2a0f9d7b5e3c1a8f6d4b2e0c")))
			.isInstanceOf(BackupException.class)
			.hasMessageStartingWith("BACKUP_KEY does not open it");
		assertThatThrownBy(() -> open("not a backup at all, just text that is long enough".repeat(3).getBytes(), KEY))
			.hasMessageStartingWith("It is not a Bastion backup");
	}

	@Test
	void anyChangedByteIsRefused() throws IOException {
		byte[] sealed = seal(this.content);
		for (int at : new int[] { 20, SealedStreams.HEADER_BYTES + 2, SealedStreams.HEADER_BYTES + 100,
				sealed.length / 2, sealed.length - 1 }) {
			byte[] changed = sealed.clone();
			changed[at] ^= 0x40;
			assertThatThrownBy(() -> open(changed, KEY)).as("byte %d changed", at).isInstanceOf(BackupException.class);
		}
	}

	@Test
	void partsDroppedSwappedCutOffOrAddedAreRefused() throws IOException {
		byte[] sealed = seal(this.content);
		int part = 4 + SealedStreams.CHUNK + 16;
		int first = SealedStreams.HEADER_BYTES;
		byte[] withoutEnd = Arrays.copyOf(sealed, first + 3 * part);
		assertThatThrownBy(() -> open(withoutEnd, KEY)).hasMessageStartingWith("It ends early");
		byte[] swapped = sealed.clone();
		System.arraycopy(sealed, first, swapped, first + part, part);
		System.arraycopy(sealed, first + part, swapped, first, part);
		assertThatThrownBy(() -> open(swapped, KEY)).hasMessageStartingWith("It is damaged or was altered (part 1");
		byte[] dropped = new byte[sealed.length - part];
		System.arraycopy(sealed, 0, dropped, 0, first);
		System.arraycopy(sealed, first + part, dropped, first, sealed.length - first - part);
		assertThatThrownBy(() -> open(dropped, KEY)).hasMessageStartingWith("It is damaged or was altered (part 1");
		byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
		assertThatThrownBy(() -> open(longer, KEY)).hasMessageStartingWith("It has data after its end");
	}

	private static byte[] seal(byte[] content) throws IOException {
		ByteArrayOutputStream sealed = new ByteArrayOutputStream();
		try (OutputStream out = SealedStreams.sealing(sealed, KEY)) {
			int split = Math.min(10, content.length);
			out.write(content, 0, split);
			out.write(content, split, content.length - split);
		}
		return sealed.toByteArray();
	}

	private static byte[] open(byte[] sealed, BackupKey key) throws IOException {
		try (InputStream in = SealedStreams.opening(new ByteArrayInputStream(sealed), key)) {
			return in.readAllBytes();
		}
	}

	private static BackupKey key(String key) {
		return BackupKey.of(new BackupProperties(Secret.of(key), "", "0 0 3 * * *", 7, Secret.of("")),
				MasterSecretHolder.SECRET);
	}

	/** A SECRET_KEY the backup key must differ from. */
	private static final class MasterSecretHolder {

		static final MasterSecret SECRET = MasterSecret
			.fromEnvironment(new org.springframework.mock.env.MockEnvironment()
				.withProperty("bastion.secrets.secret-key", "5b2e8c1f7a4d9036e1b8c5f2a7d4e9013c6b8f2a")
				.withProperty("bastion.secrets.allow-generated", "false")
				.withProperty("bastion.secrets.generated-key-file", "unused"));

	}

}
