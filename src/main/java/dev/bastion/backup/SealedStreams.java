package dev.bastion.backup;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import dev.bastion.crypto.Aead;
import dev.bastion.crypto.Hmac;

/**
 * The encrypted backup format: a header, then the content in chunks of at most 64 KiB,
 * each sealed with AES-256-GCM, so that a backup of any size is written and read in
 * constant memory.
 *
 * <pre>
 * header: "BASTION-BACKUP-1" (16 bytes) | salt (32 random bytes) | key check (32 bytes)
 * chunk:  length (4 bytes, big-endian; the top bit marks the last chunk) | sealed bytes
 * </pre>
 *
 * Each file has keys of its own, derived from {@code BACKUP_KEY} with HKDF-SHA256 and the
 * salt: an AES key, and an HMAC key whose tag over magic and salt is the key check, so a
 * wrong key is told apart from a damaged file. Each chunk's nonce is its number and the
 * last-chunk mark, and its associated data is the header: a chunk changed, dropped,
 * reordered, moved to another file, or a file cut short does not open.
 */
final class SealedStreams {

	static final byte[] MAGIC = "BASTION-BACKUP-1".getBytes(StandardCharsets.US_ASCII);

	static final int CHUNK = 64 * 1024;

	private static final int SALT_BYTES = 32;

	private static final int CHECK_BYTES = 32;

	static final int HEADER_BYTES = MAGIC.length + SALT_BYTES + CHECK_BYTES;

	private static final int TAG_BYTES = Aead.TAG_BYTES;

	private static final int LAST = 0x8000_0000;

	private static final SecureRandom RANDOM = new SecureRandom();

	private SealedStreams() {
	}

	/** Writes the header now, and the content sealed in chunks; close writes the last. */
	static OutputStream sealing(OutputStream out, BackupKey key) throws IOException {
		byte[] salt = new byte[SALT_BYTES];
		RANDOM.nextBytes(salt);
		Keys keys = Keys.derive(key, salt);
		byte[] header = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).put(salt).put(keys.check(salt)).array();
		out.write(header);
		return new Sealing(out, keys.encryption(), header);
	}

	/**
	 * The content of a sealed stream, checked chunk by chunk as it is read; a wrong key,
	 * a changed byte or a missing end is a {@link BackupException}, never content.
	 */
	static InputStream opening(InputStream in, BackupKey key) throws IOException {
		DataInputStream data = new DataInputStream(in);
		byte[] header = new byte[HEADER_BYTES];
		try {
			data.readFully(header);
		}
		catch (EOFException ex) {
			throw new BackupException("It is not a Bastion backup (too short).");
		}
		if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
			throw new BackupException("It is not a Bastion backup (no BASTION-BACKUP-1 header).");
		}
		byte[] salt = Arrays.copyOfRange(header, MAGIC.length, MAGIC.length + SALT_BYTES);
		Keys keys = Keys.derive(key, salt);
		if (!MessageDigest.isEqual(keys.check(salt),
				Arrays.copyOfRange(header, MAGIC.length + SALT_BYTES, HEADER_BYTES))) {
			throw new BackupException("BACKUP_KEY does not open it: it was made with another backup key "
					+ "(or its header was altered).");
		}
		return new Opening(data, keys.encryption(), header);
	}

	private static byte[] nonce(long chunk, boolean last) {
		return ByteBuffer.allocate(12).putLong(chunk).putInt(last ? 1 : 0).array();
	}

	/** The keys of one file, from the backup key and the file's salt. */
	private record Keys(Aead encryption, Hmac checking) {

		static Keys derive(BackupKey key, byte[] salt) {
			byte[] ikm = key.bytes();
			return new Keys(Aead.derived(ikm, salt, "bastion backup encryption"),
					Hmac.derived(ikm, salt, "bastion backup key check"));
		}

		byte[] check(byte[] salt) {
			return this.checking.sign(MAGIC, salt);
		}

	}

	private static final class Sealing extends FilterOutputStream {

		private final Aead key;

		private final byte[] header;

		private final byte[] buffer = new byte[CHUNK];

		private int filled;

		private long chunk;

		private boolean closed;

		Sealing(OutputStream out, Aead key, byte[] header) {
			super(out);
			this.key = key;
			this.header = header;
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			int at = offset;
			int left = length;
			while (left > 0) {
				if (this.filled == CHUNK) {
					seal(false);
				}
				int n = Math.min(left, CHUNK - this.filled);
				System.arraycopy(bytes, at, this.buffer, this.filled, n);
				this.filled += n;
				at += n;
				left -= n;
			}
		}

		@Override
		public void flush() throws IOException {
			this.out.flush();
		}

		private void seal(boolean last) throws IOException {
			byte[] sealed = this.key.seal(nonce(this.chunk, last), this.header, this.buffer, 0, this.filled);
			this.out.write(ByteBuffer.allocate(4).putInt(sealed.length | (last ? LAST : 0)).array());
			this.out.write(sealed);
			this.chunk++;
			this.filled = 0;
		}

		@Override
		public void close() throws IOException {
			if (!this.closed) {
				this.closed = true;
				seal(true);
				this.out.close();
			}
		}

	}

	private static final class Opening extends InputStream {

		private final DataInputStream in;

		private final Aead key;

		private final byte[] header;

		private byte[] plain = new byte[0];

		private int position;

		private long chunk;

		private boolean ended;

		Opening(DataInputStream in, Aead key, byte[] header) {
			this.in = in;
			this.key = key;
			this.header = header;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == 1) ? one[0] & 0xff : -1;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			while (this.position == this.plain.length) {
				if (this.ended) {
					return -1;
				}
				next();
			}
			int n = Math.min(length, this.plain.length - this.position);
			System.arraycopy(this.plain, this.position, bytes, offset, n);
			this.position += n;
			return n;
		}

		private void next() throws IOException {
			int framed;
			byte[] sealed;
			try {
				framed = this.in.readInt();
				int length = framed & ~LAST;
				if (length < TAG_BYTES || length > CHUNK + TAG_BYTES) {
					throw damaged();
				}
				sealed = new byte[length];
				this.in.readFully(sealed);
			}
			catch (EOFException ex) {
				throw new BackupException(
						"It ends early: it is incomplete (was the backup interrupted, or the file " + "cut short?).");
			}
			boolean last = (framed & LAST) != 0;
			this.plain = this.key.open(nonce(this.chunk, last), this.header, sealed).orElseThrow(this::damaged);
			this.position = 0;
			this.chunk++;
			if (last) {
				this.ended = true;
				if (this.in.read() != -1) {
					throw new BackupException("It has data after its end: it was altered.");
				}
			}
		}

		private BackupException damaged() {
			return new BackupException("It is damaged or was altered (part " + (this.chunk + 1) + ", from byte "
					+ (HEADER_BYTES + this.chunk * (4L + CHUNK + TAG_BYTES)) + ", does not open).");
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

}
