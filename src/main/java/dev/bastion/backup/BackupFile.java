package dev.bastion.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

/**
 * A backup file: the logical dump sealed by {@link SealedStreams}, written owner-only
 * under a temporary name, flushed to disk, read back and checked with the key, and only
 * then given its name, so that a backup file that exists is complete and opens.
 */
public final class BackupFile {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private BackupFile() {
	}

	/** Writes what {@code content} writes as the backup {@code target} (a new file). */
	public static Contents write(Path target, BackupKey key, Content content) {
		if (Files.exists(target)) {
			throw new BackupException(target + " already exists; choose a new name.");
		}
		Path directory = Objects.requireNonNullElse(target.toAbsolutePath().getParent(), Path.of("."));
		Path temporary = null;
		try {
			temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			try (OutputStream file = Files.newOutputStream(temporary);
					OutputStream sealed = SealedStreams.sealing(new BufferedOutputStream(file, 64 * 1024), key)) {
				content.writeTo(sealed);
			}
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			Contents contents = verify(temporary, key);
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
			syncDirectory(directory);
			return contents;
		}
		catch (IOException ex) {
			throw new BackupException(
					"The backup could not be written: " + ex.getClass().getSimpleName() + " (" + ex.getMessage() + ")",
					ex);
		}
		finally {
			deleteQuietly(temporary);
		}
	}

	/**
	 * Reads the whole backup with the key: every part must open, the content must be a
	 * complete dump; returns its header and counts. Touches nothing else.
	 */
	public static Contents verify(Path file, BackupKey key) {
		try (InputStream in = open(file, key);
				BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			Header header = Header.parse(lines.readLine());
			int tables = 0;
			long rows = 0;
			String line;
			JsonNode end = null;
			while ((line = lines.readLine()) != null) {
				if (end != null) {
					throw new BackupException("It has content after its end record.");
				}
				if (line.startsWith("[")) {
					rows++;
				}
				else {
					JsonNode record = JSON.readTree(line);
					if (record.has("table")) {
						tables++;
					}
					else {
						end = record.path("end");
					}
				}
			}
			if (end == null || end.path("tables").asInt(-1) != tables || end.path("rows").asLong(-1) != rows) {
				throw new BackupException("Its content is incomplete (no end record, or counts that differ).");
			}
			return new Contents(header, tables, rows, Files.size(file));
		}
		catch (JacksonException ex) {
			throw new BackupException("Its content is not a Bastion dump.");
		}
		catch (NoSuchFileException ex) {
			throw new BackupException(file + " does not exist.");
		}
		catch (IOException ex) {
			throw new BackupException("It cannot be read: " + ex.getClass().getSimpleName(), ex);
		}
	}

	/** The plain content of a backup, checked as it is read. */
	static InputStream open(Path file, BackupKey key) throws IOException {
		InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
		try {
			return SealedStreams.opening(in, key);
		}
		catch (BackupException | IOException ex) {
			in.close();
			throw ex;
		}
	}

	private static void syncDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Not every file system lets a directory be opened; the file itself is on
			// disk.
		}
	}

	private static void deleteQuietly(@Nullable Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// Left behind under its temporary name; never taken for a backup.
			}
		}
	}

	/** Writes the plain dump into the sealing stream. */
	@FunctionalInterface
	public interface Content {

		void writeTo(OutputStream out) throws IOException;

	}

	/** A checked backup: its header and what it holds. */
	public record Contents(Header header, int tables, long rows, long bytes) {
	}

	/**
	 * The first record of a dump.
	 *
	 * @param schemaVersion the Flyway version of the schema it was taken from
	 * @param bastionVersion the version of Bastion that wrote it
	 * @param database {@code H2} or {@code PostgreSQL}
	 * @param createdAt when it was taken
	 * @param secretKeyCheck a keyed fingerprint of the {@code SECRET_KEY} of the
	 * installation it comes from
	 */
	public record Header(String schemaVersion, String bastionVersion, String database, String createdAt,
			String secretKeyCheck) {

		static Header parse(String line) {
			if (line == null) {
				throw new BackupException("Its content is empty.");
			}
			JsonNode header = JSON.readTree(line);
			if (!LogicalDump.FORMAT.equals(header.path("format").asString(""))) {
				throw new BackupException("Its content is not a Bastion dump.");
			}
			if (header.path("format_version").asInt(0) != LogicalDump.FORMAT_VERSION) {
				throw new BackupException("It was written in a newer backup format ("
						+ header.path("format_version").asInt(0) + "): restore it with the Bastion that wrote it, "
						+ header.path("bastion_version").asString("?") + ", or a newer one.");
			}
			return new Header(header.path("schema_version").asString(), header.path("bastion_version").asString(),
					header.path("database").asString(), header.path("created_at").asString(),
					header.path("secret_key_check").asString());
		}

	}

}
