package dev.bastion.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.crypto.MasterSecret;

/**
 * After a database was restored from a backup: the audit anchor file of the installation
 * restored into may hold a head the restored chain never reached (events after the backup
 * was taken), which every verification would then report as a chain cut short. A restore
 * sets such a file aside, under a name that says so, so that the next anchors follow the
 * restored chain; the events after the backup remain in the {@code security} log stream,
 * and the set-aside file remains as evidence.
 */
public final class RestoredChain {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private RestoredChain() {
	}

	/**
	 * Sets the anchor file aside unless the restored chain carries its head; returns
	 * where it went, or null when it was kept (or there was none).
	 */
	public static @Nullable Path setAsideStaleAnchor(MasterSecret secret, DataSource database, Path anchorFile,
			Instant now) {
		if (!Files.exists(anchorFile)) {
			return null;
		}
		ChainKey key = new ChainKey(secret);
		AuditHead.Signed signed = read(anchorFile);
		if (signed != null && key.signed(signed.head(), signed.mac()) && onChain(database, signed.head())) {
			return null;
		}
		Path aside = anchorFile.resolveSibling(anchorFile.getFileName() + ".before-restore-" + STAMP.format(now));
		try {
			Files.move(anchorFile, aside, StandardCopyOption.ATOMIC_MOVE);
			return aside;
		}
		catch (IOException ex) {
			throw new IllegalStateException("The audit anchor file " + anchorFile
					+ " lies beyond the restored chain and could not be set aside: remove it before starting Bastion",
					ex);
		}
	}

	private static AuditHead.@Nullable Signed read(Path file) {
		try {
			return AuditHead.Signed.parse(Files.readString(file, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** Whether the restored chain has the anchor's hash at the anchor's id. */
	private static boolean onChain(DataSource database, AuditHead anchor) {
		if (anchor.id() == 0) {
			return true;
		}
		return JdbcClient.create(database)
			.sql("select hash from audit_events where id = ?")
			.param(anchor.id())
			.query(String.class)
			.optional()
			.filter((hash) -> ChainKey.same(hash, anchor.hash()))
			.isPresent();
	}

}
