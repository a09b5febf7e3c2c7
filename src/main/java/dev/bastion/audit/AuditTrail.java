package dev.bastion.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.bastion.system.InvalidInputException;

/**
 * The append-only audit table. Each row's hash is an HMAC (key derived from SECRET_KEY)
 * over its content and the previous row's hash, and the head (the last id and hash) is
 * signed with the same key and anchored outside the database ({@link AuditAnchors}):
 * someone who can write to the database but does not know the secret cannot edit, insert
 * or delete a row, nor cut off the newest ones, without {@link #verify} noticing. Rows
 * are written in their own transaction, so a request that fails still leaves its trace.
 */
@Service
public class AuditTrail {

	private static final Logger security = LoggerFactory.getLogger("security");

	private static final int MAX_USER_AGENT = 200;

	private static final int MAX_DETAILS = 2000;

	/** Rows read at a time by {@link #verify}: the table is never loaded whole. */
	static final int PAGE = 500;

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final ChainKey key;

	private final AuditAnchors anchors;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Clock clock;

	AuditTrail(JdbcClient jdbc, PlatformTransactionManager transactions, ChainKey key, AuditAnchors anchors,
			Clock clock) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.key = key;
		this.anchors = anchors;
		this.clock = clock;
	}

	/** First among the listeners, so that an alert carries the head this event made. */
	@EventListener
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void on(SecurityEvent event) {
		HttpServletRequest request = currentRequest();
		SecurityEvent.Caller caller = (event.caller() != null) ? event.caller() : (request != null)
				? new SecurityEvent.Caller(request.getRemoteAddr(), request.getHeader("User-Agent")) : null;
		String agent = (caller != null) ? caller.userAgent() : null;
		AuditRow row = new AuditRow(0, this.clock.instant().truncatedTo(ChronoUnit.MICROS), event.type(),
				event.severity().name(), MDC.get("request_id"), (caller != null) ? caller.address() : null,
				event.accountId(), event.username(),
				(agent != null && agent.length() > MAX_USER_AGENT) ? agent.substring(0, MAX_USER_AGENT) : agent,
				details(event));
		Appended appended = this.ownTransaction.execute((status) -> append(row));
		if (appended != null) {
			this.anchors.written(appended.previous(), appended.next());
		}
	}

	private Appended append(AuditRow row) {
		Map<String, @Nullable Object> head = this.jdbc
			.sql("select last_id, last_hash, mac from audit_head where id = 1 for update")
			.query()
			.singleRow();
		AuditHead previous = new AuditHead(((Number) Objects.requireNonNull(head.get("last_id"))).longValue(),
				(String) Objects.requireNonNull(head.get("last_hash")));
		if (!this.key.signed(previous, (String) head.get("mac"))) {
			security.error("Appending to an audit head (id {}) that is not signed with this SECRET_KEY: "
					+ "it was rewritten outside Bastion", previous.id());
		}
		AuditRow numbered = row.withId(previous.id() + 1);
		String hash = numbered.hash(this.key, previous.hash());
		this.jdbc
			.sql("insert into audit_events (id, occurred_at, type, severity, request_id, ip, user_id, username, "
					+ "user_agent, details, previous_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(numbered.id(), Timestamp.from(numbered.time()), numbered.type(), numbered.severity(),
					numbered.requestId(), numbered.ip(), numbered.userId(), numbered.username(), numbered.userAgent(),
					numbered.details(), previous.hash(), hash)
			.update();
		AuditHead next = new AuditHead(numbered.id(), hash);
		this.jdbc.sql("update audit_head set last_id = ?, last_hash = ?, mac = ? where id = 1")
			.params(next.id(), next.hash(), this.key.sign(next).mac())
			.update();
		return new Appended(previous, next);
	}

	/** {@link #verify(String)} against the anchors this instance knows. */
	public Verification verify() {
		return verify(null);
	}

	/**
	 * Recomputes the chain, page by page, up to the signed head, and checks that it
	 * reaches every trusted anchor: the highest head this instance has seen, the anchor
	 * file, and {@code anchor} (a signed head as logged, {@code ID:HASH:MAC}) if given.
	 * Names the first row that is missing or does not match.
	 */
	public Verification verify(@Nullable String anchor) {
		List<AuditHead> anchored = new ArrayList<>();
		if (anchor != null) {
			anchored.add(explicit(anchor));
		}
		AuditAnchors.Trusted trusted = this.anchors.trusted();
		anchored.addAll(trusted.heads());
		AuditAnchors.StoredHead head = this.anchors.stored();
		Verification result = walk(head.head(), anchored);
		if (!result.valid()) {
			return result;
		}
		long checked = result.checked();
		if (!this.key.signed(head.head(), head.mac())) {
			return Verification.broken(checked, checked + 1, Verification.HEAD_SIGNATURE);
		}
		if (anchored.stream().anyMatch((known) -> known.id() > head.head().id())) {
			return Verification.broken(checked, checked + 1, Verification.SHORTER_THAN_ANCHOR);
		}
		if (trusted.fileUnreadable()) {
			return new Verification(false, checked, null, Verification.ANCHOR_FILE_UNREADABLE);
		}
		this.anchors.verified(head.head());
		return result;
	}

	/** The rows from the first up to {@code head}, each against its predecessor. */
	private Verification walk(AuditHead head, List<AuditHead> anchored) {
		String previous = AuditHead.GENESIS.hash();
		long checked = 0;
		List<AuditRow.Stored> page = List.of();
		do {
			page = this.jdbc.sql("select * from audit_events where id > ? and id <= ? order by id limit ?")
				.params(checked, head.id(), PAGE)
				.query(AuditRow::stored)
				.list();
			for (AuditRow.Stored stored : page) {
				long expected = checked + 1;
				boolean intact = stored.row().id() == expected && stored.previousHash().equals(previous)
						&& ChainKey.same(stored.hash(), stored.row().hash(this.key, previous));
				if (!intact) {
					return Verification.broken(checked, expected, Verification.ROW_MISMATCH);
				}
				String hash = stored.hash();
				if (anchored.stream()
					.anyMatch((known) -> known.id() == expected && !ChainKey.same(known.hash(), hash))) {
					return Verification.broken(checked, expected, Verification.ANCHOR_MISMATCH);
				}
				previous = hash;
				checked = expected;
			}
		}
		while (page.size() == PAGE);
		if (checked != head.id() || !previous.equals(head.hash())) {
			return Verification.broken(checked, checked + 1, Verification.HEAD_MISMATCH);
		}
		return new Verification(true, checked, null, null);
	}

	private AuditHead explicit(String anchor) {
		AuditHead.Signed signed = AuditHead.Signed.parse(anchor);
		if (signed == null) {
			throw new InvalidInputException("anchor", "must be a signed audit head as logged: ID:HASH:MAC");
		}
		if (!this.key.signed(signed.head(), signed.mac())) {
			throw new InvalidInputException("anchor", "is not an audit head signed with this SECRET_KEY");
		}
		return signed.head();
	}

	/** Events, newest first, filtered by any of type, user (id or username) and time. */
	public List<AuditEntry> search(@Nullable String type, @Nullable String user, @Nullable Instant since,
			@Nullable Instant until, int page, int size) {
		return this.jdbc
			.sql("select * from audit_events where (cast(:type as varchar(64)) is null or type = :type) "
					+ "and (cast(:user as varchar(254)) is null or username = :user "
					+ "or cast(user_id as varchar(36)) = :user) "
					+ "and occurred_at >= :since and occurred_at < :until order by id desc limit :size offset :offset")
			.param("type", type)
			.param("user", user)
			.param("since", Timestamp.from((since != null) ? since : Instant.EPOCH))
			.param("until", Timestamp.from((until != null) ? until : this.clock.instant().plusSeconds(60)))
			.param("size", size)
			.param("offset", (long) page * size)
			.query(AuditRow::stored)
			.list()
			.stream()
			.map((stored) -> stored.row().entry(this.json))
			.toList();
	}

	private String details(SecurityEvent event) {
		String text = this.json.writeValueAsString(new TreeMap<>(event.details()));
		return (text.length() > MAX_DETAILS) ? "{\"truncated\":true}" : text;
	}

	private static @Nullable HttpServletRequest currentRequest() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? attributes.getRequest() : null;
	}

	/**
	 * The outcome of {@link #verify()}: {@code reason} says why a chain is broken, null
	 * when it is intact.
	 */
	public record Verification(boolean valid, long checked, @Nullable Long firstBrokenId, @Nullable String reason) {

		/** A row is missing, out of order, or does not match its hash. */
		public static final String ROW_MISMATCH = "row_mismatch";

		/** The row at a trusted anchor's id carries another hash. */
		public static final String ANCHOR_MISMATCH = "anchor_mismatch";

		/** The head does not point at the last row. */
		public static final String HEAD_MISMATCH = "head_mismatch";

		/** The head's MAC is missing or wrong: it was written without the secret. */
		public static final String HEAD_SIGNATURE = "head_signature";

		/** The chain ends before a trusted anchor: its newest rows were cut off. */
		public static final String SHORTER_THAN_ANCHOR = "shorter_than_anchor";

		/** The anchor file holds no head signed with this secret. */
		public static final String ANCHOR_FILE_UNREADABLE = "anchor_file_unreadable";

		static Verification broken(long checked, long firstBrokenId, String reason) {
			return new Verification(false, checked, firstBrokenId, reason);
		}

	}

	private record Appended(AuditHead previous, AuditHead next) {
	}

}
