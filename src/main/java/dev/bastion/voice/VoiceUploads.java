package dev.bastion.voice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.tika.Tika;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;

/**
 * Where voice recordings wait for transcription: in {@code VOICE_TEMP_DIR} (made
 * owner-only, 0700, when Bastion creates it) a directory of this process's own, named
 * {@code bastion-voice-<pid>-<random>} and created new with 0700, one file per upload
 * created exclusively ({@code CREATE_NEW}) and readable only by the service (0600),
 * deleted by the caller in every outcome. At start-up, uploads left in such directories
 * by a process that is gone are swept, and nothing else: whatever else is in
 * {@code VOICE_TEMP_DIR} is never touched, so pointing it at a shared or data directory
 * deletes nothing of it. An upload is counted as it is written (more than the limit →
 * 413) and told by its magic bytes (Apache Tika), never by the name or type the client
 * claims.
 */
final class VoiceUploads implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(VoiceUploads.class);

	/** What browsers record and people upload: WAV, MP3, Ogg, WebM, FLAC and M4A. */
	static final Set<String> AUDIO = Set.of("audio/vnd.wave", "audio/wav", "audio/x-wav", "audio/mpeg",
			"application/ogg", "audio/ogg", "audio/opus", "audio/vorbis", "video/webm", "audio/webm",
			"application/x-matroska", "audio/x-flac", "audio/flac", "audio/mp4", "audio/x-m4a");

	private static final int SNIFF_BYTES = 8192;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final String DIRECTORY_PREFIX = "bastion-voice-";

	/** This process's directories: the process id and a random part. */
	private static final Pattern OWN_DIRECTORY = Pattern.compile("bastion-voice-(\\d{1,10})-[0-9a-f]{16}");

	/** What versions before 2026-12 named a process's directory: its id alone. */
	private static final Pattern OLDER_DIRECTORY = Pattern.compile("(\\d{1,10})");

	/** The only files the sweep deletes: uploads as {@link #receive} names them. */
	private static final Pattern UPLOAD = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.upload");

	private final Path directory;

	private final long maxBytes;

	VoiceUploads(Path root, long maxBytes) {
		this.maxBytes = maxBytes;
		try {
			if (!Files.isDirectory(root)) {
				// Only a directory Bastion makes is made owner-only: one that exists (the
				// data directory, /tmp) keeps its permissions.
				Files.createDirectories(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
				Files.setPosixFilePermissions(root, OWNER_ONLY_DIRECTORY);
			}
			sweep(root);
			this.directory = root.resolve(DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-"
					+ HexFormat.of().toHexDigits(RANDOM.nextLong()));
			// New, never an existing one: whoever can write to the root cannot prepare
			// it.
			Files.createDirectory(this.directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
			Files.setPosixFilePermissions(this.directory, OWNER_ONLY_DIRECTORY);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The voice upload directory (VOICE_TEMP_DIR) cannot be prepared", ex);
		}
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
			return Detector.TIKA.detect(in.readNBytes(SNIFF_BYTES));
		}
	}

	/**
	 * Deletes the uploads that processes that are gone left behind, in the directories
	 * Bastion makes for a process (and those of older versions, named by the process id
	 * alone, when they are owner-only as Bastion made them). Live processes' directories
	 * (another instance on the same root, or {@code doctor}) are left alone, and so is
	 * every other entry: only upload files go, then their directory if it is empty.
	 */
	private static void sweep(Path root) throws IOException {
		int swept = 0;
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
			for (Path entry : entries) {
				if (leftByAProcessThatIsGone(entry)) {
					swept += deleteUploads(entry);
				}
			}
		}
		if (swept > 0) {
			logger.warn("Deleted {} voice upload(s) left by a process that is gone", swept);
		}
	}

	private static boolean leftByAProcessThatIsGone(Path entry) throws IOException {
		if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
			return false;
		}
		String name = String.valueOf(entry.getFileName());
		Matcher own = OWN_DIRECTORY.matcher(name);
		Matcher older = OLDER_DIRECTORY.matcher(name);
		long pid;
		if (own.matches()) {
			pid = Long.parseLong(own.group(1));
		}
		else if (older.matches()
				&& Files.getPosixFilePermissions(entry, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY_DIRECTORY)) {
			pid = Long.parseLong(older.group(1));
		}
		else {
			return false;
		}
		// This process's id on a directory of an earlier process: a restarted container.
		boolean alive = pid != ProcessHandle.current().pid()
				&& ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
		return !alive;
	}

	/**
	 * Deletes the upload files of a directory, then the directory if nothing else is in
	 * it; how many files went.
	 */
	private static int deleteUploads(Path directory) throws IOException {
		int deleted = 0;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path file : files) {
				if (UPLOAD.matcher(String.valueOf(file.getFileName())).matches()
						&& Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(file)) {
					deleted++;
				}
			}
		}
		try {
			Files.deleteIfExists(directory);
		}
		catch (DirectoryNotEmptyException ex) {
			logger.warn("Left {} in VOICE_TEMP_DIR: it holds files Bastion did not make", directory.getFileName());
		}
		return deleted;
	}

	/** At shutdown: this process's directory goes, with the uploads still in it. */
	@Override
	public void close() {
		try {
			deleteUploads(this.directory);
		}
		catch (NoSuchFileException ex) {
			// Already gone (VOICE_TEMP_DIR was emptied or removed): nothing is left to
			// delete.
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

	/**
	 * Tika's detector, made when the first upload is sniffed rather than at start-up:
	 * reading its MIME type database took about 3 % of the start-up's main thread (issue
	 * 18). A holder class, so that the JVM makes it once, thread-safely; Tika is safe to
	 * share between threads.
	 */
	private static final class Detector {

		static final Tika TIKA = new Tika();

	}

}
