package dev.bastion.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.apache.tika.Tika;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;

/**
 * Where voice recordings wait for transcription: a directory only the service can enter
 * (0700) with one 0700 directory per process, one file per upload created exclusively
 * ({@code CREATE_NEW}) and readable only by the service (0600), deleted by the caller in
 * every outcome, and anything left by a process that died is swept at start-up. An upload
 * is counted as it is written (more than the limit → 413) and told by its magic bytes
 * (Apache Tika), never by the name or type the client claims.
 */
final class VoiceUploads implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(VoiceUploads.class);

	/** What browsers record and people upload: WAV, MP3, Ogg, WebM, FLAC and M4A. */
	static final Set<String> AUDIO = Set.of("audio/vnd.wave", "audio/wav", "audio/x-wav", "audio/mpeg",
			"application/ogg", "audio/ogg", "audio/opus", "audio/vorbis", "video/webm", "audio/webm",
			"application/x-matroska", "audio/x-flac", "audio/flac", "audio/mp4", "audio/x-m4a");

	private static final int SNIFF_BYTES = 8192;

	private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private final Path directory;

	private final long maxBytes;

	private final Tika tika = new Tika();

	VoiceUploads(Path root, long maxBytes) {
		this.maxBytes = maxBytes;
		try {
			privateDirectory(root);
			sweep(root);
			this.directory = privateDirectory(root.resolve(String.valueOf(ProcessHandle.current().pid())));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The voice upload directory (VOICE_TEMP_DIR) cannot be prepared", ex);
		}
	}

	private static Path privateDirectory(Path directory) throws IOException {
		Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
		Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
		return directory;
	}

	/**
	 * Writes {@code audio} to a new private file and checks it: 400 when empty, 413 when
	 * larger than the limit, 415 when not audio. The caller deletes the file.
	 */
	Upload receive(InputStream audio) throws IOException {
		Path file = this.directory.resolve(UUID.randomUUID() + ".upload");
		Upload upload = new Upload(file);
		try {
			long size = 0;
			try (OutputStream out = Channels.newOutputStream(
					Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
							PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))) {
				byte[] buffer = new byte[64 * 1024];
				for (int n = audio.read(buffer); n != -1; n = audio.read(buffer)) {
					size += n;
					if (size > this.maxBytes) {
						throw new BastionException(ErrorCode.PAYLOAD_TOO_LARGE,
								"The recording is larger than " + this.maxBytes + " bytes.");
					}
					out.write(buffer, 0, n);
				}
			}
			if (size == 0) {
				throw new InvalidInputException("audio", "is empty");
			}
			String type = type(file);
			if (!AUDIO.contains(type)) {
				throw new BastionException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
						"The recording is not WAV, MP3, Ogg, WebM, FLAC or M4A audio.");
			}
			upload.type = type;
			return upload;
		}
		catch (IOException | RuntimeException ex) {
			upload.close();
			throw ex;
		}
	}

	private String type(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return this.tika.detect(in.readNBytes(SNIFF_BYTES));
		}
	}

	/**
	 * Deletes what processes that are gone left behind: each process writes in a
	 * directory named by its process id, so a second process on the same directory (an
	 * instance, or {@code doctor}) never touches uploads in flight.
	 */
	private static void sweep(Path root) throws IOException {
		int swept = 0;
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
			for (Path entry : entries) {
				String name = String.valueOf(entry.getFileName());
				boolean ownedByLiveProcess = name.matches("\\d{1,10}")
						&& ProcessHandle.of(Long.parseLong(name)).map(ProcessHandle::isAlive).orElse(false)
						&& Long.parseLong(name) != ProcessHandle.current().pid();
				if (!ownedByLiveProcess) {
					swept += delete(entry);
				}
			}
		}
		if (swept > 0) {
			logger.warn("Deleted {} voice upload(s) left by a process that is gone", swept);
		}
	}

	/** Deletes a file, or a directory with the files in it; how many files went. */
	private static int delete(Path entry) throws IOException {
		int deleted = 0;
		if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
			try (DirectoryStream<Path> files = Files.newDirectoryStream(entry)) {
				for (Path file : files) {
					deleted += delete(file);
				}
			}
			Files.deleteIfExists(entry);
			return deleted;
		}
		return Files.deleteIfExists(entry) ? 1 : 0;
	}

	/** At shutdown: this process's directory goes, with anything still in it. */
	@Override
	public void close() {
		try {
			delete(this.directory);
		}
		catch (IOException ex) {
			logger.warn("The voice upload directory could not be deleted: {}", ex.getClass().getSimpleName());
		}
	}

	/** A received recording; closing it deletes the file. */
	static final class Upload implements AutoCloseable {

		private final Path file;

		private String type = "application/octet-stream";

		Upload(Path file) {
			this.file = file;
		}

		Path file() {
			return this.file;
		}

		String type() {
			return this.type;
		}

		@Override
		public void close() {
			try {
				Files.deleteIfExists(this.file);
			}
			catch (IOException ex) {
				logger.error("A voice upload could not be deleted: {}", ex.getClass().getSimpleName());
			}
		}

	}

}
