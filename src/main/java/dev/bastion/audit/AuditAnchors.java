package dev.bastion.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps the head of the audit chain anchored outside the database, so that deleting the
 * newest rows and rewinding {@code audit_head} (even to a head once signed, or to the
 * empty chain) is noticed: this instance remembers the highest head it has written or
 * verified; every {@code AUDIT_ANCHOR_INTERVAL} and at shutdown it writes the signed head
 * to the {@code security} log stream and to an owner-only anchor file, which survives a
 * restart. The head is read from the database only with a valid MAC, and only moves
 * forward along the chain it has seen.
 */
final class AuditAnchors implements DisposableBean {

	private static final Logger security = LoggerFactory.getLogger("security");

	private static final Logger logger = LoggerFactory.getLogger(AuditAnchors.class);

	private final ChainKey key;

	private final JdbcClient jdbc;

	private final Path file;

	/** The highest head this instance has written, verified or anchored. */
	private @Nullable AuditHead highest;

	private @Nullable AuditHead anchored;

	private boolean rewoundReported;

	AuditAnchors(ChainKey key, JdbcClient jdbc, Path file) {
		this.key = key;
		this.jdbc = jdbc;
		this.file = file;
		FileAnchor start = readFile();
		this.highest = start.head();
		this.anchored = start.head();
		if (start.unreadable()) {
			security.error("The audit anchor file {} is not a head signed with this SECRET_KEY; "
					+ "verification reports the chain as broken until it is checked and removed", this.file);
		}
		signUnsignedHead(start);
	}

	/**
	 * Signs the stored head if it is unsigned (the chain's first start, or the first
	 * after the upgrade that added the MAC), but only while no anchor exists: an unsigned
	 * head beside an anchor was rewritten by someone without the secret, and stays
	 * unsigned.
	 */
	private void signUnsignedHead(FileAnchor start) {
		StoredHead stored = stored();
		String mac = stored.mac();
		if (mac != null) {
			seen(stored.head(), mac);
			return;
		}
		if (start.head() != null || start.unreadable()) {
			security.error("The audit head (id {}) is not signed although this instance has an anchor: left unsigned",
					stored.head().id());
			return;
		}
		this.jdbc.sql("update audit_head set mac = ? where id = 1 and mac is null")
			.param(this.key.sign(stored.head()).mac())
			.update();
		security.warn("Signed the unsigned audit head (id {}): the first start of this chain or of this version",
				stored.head().id());
		seen(stored.head(), this.key.sign(stored.head()).mac());
	}

	/** The head row as the database holds it now. */
	StoredHead stored() {
		Map<String, @Nullable Object> row = this.jdbc.sql("select last_id, last_hash, mac from audit_head where id = 1")
			.query()
			.singleRow();
		return new StoredHead(new AuditHead(((Number) Objects.requireNonNull(row.get("last_id"))).longValue(),
				(String) Objects.requireNonNull(row.get("last_hash"))), (String) row.get("mac"));
	}

	/**
	 * The heads a verification must find on the chain: the highest this instance knows
	 * and the one in the anchor file (read now: another process may have written it).
	 */
	synchronized Trusted trusted() {
		FileAnchor fromFile = readFile();
		List<AuditHead> heads = new ArrayList<>();
		if (this.highest != null) {
			heads.add(this.highest);
		}
		AuditHead inFile = fromFile.head();
		if (inFile != null) {
			heads.add(inFile);
		}
		return new Trusted(heads, fromFile.unreadable());
	}

	/** The highest known head, signed, for alerts; null before any. */
	synchronized @Nullable String current() {
		return (this.highest != null) ? this.key.sign(this.highest).compact() : null;
	}

	/**
	 * This instance appended a row: {@code previous} was the head it extended. A previous
	 * head behind the highest known one means the chain was rewound; the highest known
	 * head is then kept.
	 */
	synchronized void written(AuditHead previous, AuditHead next) {
		AuditHead known = this.highest;
		if (known == null) {
			this.highest = next;
			return;
		}
		boolean onChain = (next.id() > known.id() && previous.id() == known.id()) ? previous.hash().equals(known.hash())
				: stillOnChain(known);
		if (onChain) {
			this.rewoundReported = false;
			this.highest = (next.id() > known.id()) ? next : known;
		}
		else {
			reportRewound(known);
		}
	}

	/** A verification found the whole chain up to {@code head} intact. */
	synchronized void verified(AuditHead head) {
		if (this.highest == null || head.id() > this.highest.id()) {
			this.highest = head;
		}
	}

	/** Writes the highest head to the log and the anchor file when it moved. */
	@Scheduled(fixedDelayString = "${bastion.audit.anchor-interval:" + AuditProperties.DEFAULT_ANCHOR_INTERVAL + "}",
			initialDelayString = "${bastion.audit.anchor-interval:" + AuditProperties.DEFAULT_ANCHOR_INTERVAL + "}")
	void anchor() {
		try {
			StoredHead stored = stored();
			seen(stored.head(), stored.mac());
		}
		catch (RuntimeException ex) {
			logger.warn("The audit head could not be read for its anchor: {}", ex.getClass().getSimpleName());
		}
		write();
	}

	@Override
	public void destroy() {
		anchor();
	}

	/**
	 * A head read from the database: followed only when signed and on the known chain.
	 */
	private synchronized void seen(AuditHead head, @Nullable String mac) {
		if (!this.key.signed(head, mac)) {
			security.error("The audit head (id {}) in the database is not signed with this SECRET_KEY", head.id());
			return;
		}
		AuditHead known = this.highest;
		if (known == null) {
			this.highest = head;
			return;
		}
		boolean onChain = (head.id() == known.id()) ? head.hash().equals(known.hash())
				: head.id() > known.id() && stillOnChain(known);
		if (onChain) {
			this.rewoundReported = false;
			this.highest = (head.id() > known.id()) ? head : known;
		}
		else {
			reportRewound(known);
		}
	}

	private synchronized void write() {
		AuditHead head = this.highest;
		if (head == null || head.equals(this.anchored)) {
			return;
		}
		FileAnchor existing = readFile();
		AuditHead inFile = existing.head();
		if (existing.unreadable() || (inFile != null && inFile.id() >= head.id())) {
			return;
		}
		String compact = this.key.sign(head).compact();
		security.atInfo()
			.addKeyValue("audit_anchor", compact)
			.addKeyValue("audit_head_id", head.id())
			.log("Audit anchor {}", compact);
		try {
			Path directory = Objects.requireNonNullElse(this.file.toAbsolutePath().getParent(), Path.of("."));
			Files.createDirectories(directory);
			Path temporary = Files.createTempFile(directory, ".audit-anchor", ".tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(temporary, compact + "\n", StandardCharsets.US_ASCII);
			Files.move(temporary, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			this.anchored = head;
		}
		catch (IOException ex) {
			logger.warn("The audit anchor file {} could not be written: {}", this.file, ex.getClass().getSimpleName());
		}
	}

	/** Whether the row at the known head's id still carries its hash. */
	private boolean stillOnChain(AuditHead known) {
		if (known.id() == 0) {
			return true;
		}
		return this.jdbc.sql("select hash from audit_events where id = ?")
			.param(known.id())
			.query(String.class)
			.optional()
			.filter(known.hash()::equals)
			.isPresent();
	}

	private void reportRewound(AuditHead known) {
		if (!this.rewoundReported) {
			this.rewoundReported = true;
			security.error("The audit chain in the database no longer reaches the head this instance knows (id {}): "
					+ "rows were deleted or the head was rewound", known.id());
		}
	}

	private FileAnchor readFile() {
		try {
			AuditHead.Signed signed = AuditHead.Signed.parse(Files.readString(this.file, StandardCharsets.US_ASCII));
			if (signed == null || !this.key.signed(signed.head(), signed.mac())) {
				return new FileAnchor(null, true);
			}
			return new FileAnchor(signed.head(), false);
		}
		catch (NoSuchFileException ex) {
			return new FileAnchor(null, false);
		}
		catch (IOException ex) {
			return new FileAnchor(null, true);
		}
	}

	/** The head row: the head and its MAC, if any. */
	record StoredHead(AuditHead head, @Nullable String mac) {
	}

	/** What a verification must respect. */
	record Trusted(List<AuditHead> heads, boolean fileUnreadable) {
	}

	private record FileAnchor(@Nullable AuditHead head, boolean unreadable) {
	}

}
