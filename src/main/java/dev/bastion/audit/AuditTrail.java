package dev.bastion.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.bastion.system.MasterSecret;
import dev.bastion.system.SecurityEvent;

/**
 * The append-only audit table. Each row's hash is an HMAC (key derived from SECRET_KEY)
 * over its content and the previous row's hash: someone who can write to the database but
 * does not know the secret cannot edit, insert or delete a row without breaking the
 * chain. Rows are written in their own transaction, so a request that fails still leaves
 * its trace.
 */
@Service
public class AuditTrail {

	private static final int MAX_USER_AGENT = 200;

	private static final int MAX_DETAILS = 2000;

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final SecretKey chainKey;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Clock clock;

	AuditTrail(JdbcClient jdbc, PlatformTransactionManager transactions, MasterSecret secret, Clock clock) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.chainKey = secret.derive("bastion audit chain", "HmacSHA256");
		this.clock = clock;
	}

	@EventListener
	void on(SecurityEvent event) {
		HttpServletRequest request = currentRequest();
		String agent = (request != null) ? request.getHeader("User-Agent") : null;
		Row row = new Row(0, this.clock.instant().truncatedTo(ChronoUnit.MICROS), event.type(), event.severity().name(),
				MDC.get("request_id"), (request != null) ? request.getRemoteAddr() : null, event.accountId(),
				event.username(),
				(agent != null && agent.length() > MAX_USER_AGENT) ? agent.substring(0, MAX_USER_AGENT) : agent,
				details(event));
		this.ownTransaction.executeWithoutResult((status) -> append(row));
	}

	private void append(Row row) {
		Map<String, Object> head = this.jdbc.sql("select last_id, last_hash from audit_head where id = 1 for update")
			.query()
			.singleRow();
		long id = ((Number) head.get("last_id")).longValue() + 1;
		String previous = (String) head.get("last_hash");
		Row numbered = row.withId(id);
		String hash = hash(numbered, previous);
		this.jdbc
			.sql("insert into audit_events (id, occurred_at, type, severity, request_id, ip, user_id, username, "
					+ "user_agent, details, previous_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, Timestamp.from(numbered.time()), numbered.type(), numbered.severity(), numbered.requestId(),
					numbered.ip(), numbered.userId(), numbered.username(), numbered.userAgent(), numbered.details(),
					previous, hash)
			.update();
		this.jdbc.sql("update audit_head set last_id = ?, last_hash = ? where id = 1").params(id, hash).update();
	}

	/** Recomputes the whole chain; names the first row that does not match. */
	public Verification verify() {
		String previous = "0".repeat(64);
		long checked = 0;
		long expectedId = 1;
		for (StoredRow stored : this.jdbc.sql("select * from audit_events order by id")
			.query(AuditTrail::stored)
			.list()) {
			boolean intact = stored.row().id() == expectedId && stored.previousHash().equals(previous)
					&& stored.hash().equals(hash(stored.row(), previous));
			if (!intact) {
				return new Verification(false, checked, stored.row().id());
			}
			previous = stored.hash();
			expectedId++;
			checked++;
		}
		Map<String, Object> head = this.jdbc.sql("select last_id, last_hash from audit_head where id = 1")
			.query()
			.singleRow();
		boolean headMatches = ((Number) head.get("last_id")).longValue() == checked
				&& previous.equals(head.get("last_hash"));
		return new Verification(headMatches, checked, headMatches ? null : checked + 1);
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
			.query(AuditTrail::stored)
			.list()
			.stream()
			.map((stored) -> stored.row().entry(this.json))
			.toList();
	}

	private String details(SecurityEvent event) {
		String text = this.json.writeValueAsString(new TreeMap<>(event.details()));
		return (text.length() > MAX_DETAILS) ? "{\"truncated\":true}" : text;
	}

	private String hash(Row row, String previous) {
		String canonical = String.join("\u001f", previous, Long.toString(row.id()), row.time().toString(), row.type(),
				row.severity(), String.valueOf(row.requestId()), String.valueOf(row.ip()), String.valueOf(row.userId()),
				String.valueOf(row.username()), String.valueOf(row.userAgent()), row.details());
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.chainKey);
			return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static StoredRow stored(ResultSet rs, int number) throws SQLException {
		Row row = new Row(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("type"),
				rs.getString("severity"), rs.getString("request_id"), rs.getString("ip"),
				rs.getObject("user_id", UUID.class), rs.getString("username"), rs.getString("user_agent"),
				rs.getString("details"));
		return new StoredRow(row, rs.getString("previous_hash"), rs.getString("hash"));
	}

	private static @Nullable HttpServletRequest currentRequest() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? attributes.getRequest() : null;
	}

	/** The outcome of {@link #verify()}. */
	public record Verification(boolean valid, long checked, @Nullable Long firstBrokenId) {
	}

	private record Row(long id, Instant time, String type, String severity, @Nullable String requestId,
			@Nullable String ip, @Nullable UUID userId, @Nullable String username, @Nullable String userAgent,
			String details) {

		Row withId(long newId) {
			return new Row(newId, this.time, this.type, this.severity, this.requestId, this.ip, this.userId,
					this.username, this.userAgent, this.details);
		}

		AuditEntry entry(JsonMapper json) {
			return new AuditEntry(this.id, this.time, this.type, this.severity, this.requestId, this.ip, this.userId,
					this.username, json.readTree(this.details));
		}

	}

	private record StoredRow(Row row, String previousHash, String hash) {
	}

}
