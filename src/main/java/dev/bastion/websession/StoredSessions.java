package dev.bastion.websession;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.FlushMode;
import org.springframework.session.MapSession;
import org.springframework.session.SaveMode;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Spring Session's JDBC repository, keyed by the hashed ids of {@link SessionSeal}, with
 * what it lacks here: every way a session ends (deleted, found expired on a request, or
 * swept once expired) is announced first, with its values, so that its login ends with
 * it; the JDBC repository itself publishes no session events.
 */
final class StoredSessions extends JdbcIndexedSessionRepository {

	/** The session as it was, whether or not it has expired. */
	private static final String ENDING = """
			select s.last_access_time, s.max_inactive_interval, a.attribute_name, a.attribute_bytes
			from spring_session s left join spring_session_attributes a on a.session_primary_id = s.primary_id
			where s.session_id = ?""";

	/** A bounded batch per sweep: a backlog is worked off over the next minutes. */
	private static final String EXPIRED = "select session_id from spring_session where expiry_time < ? "
			+ "order by expiry_time limit 500";

	private final JdbcOperations jdbc;

	private final SessionSeal seal;

	private final ApplicationEventPublisher events;

	StoredSessions(JdbcOperations jdbc, TransactionOperations transactions, SessionSeal seal, ChosenSessionIds ids,
			Duration idleTimeout, ApplicationEventPublisher events) {
		super(jdbc, transactions);
		this.jdbc = jdbc;
		this.seal = seal;
		this.events = events;
		setSessionIdGenerator(ids);
		setDefaultMaxInactiveInterval(idleTimeout);
		setConversionService(textOnly());
		// No principal name at rest: nothing here says whose session a row is.
		setIndexResolver((session) -> Map.of());
		setFlushMode(FlushMode.ON_SAVE);
		// A value is written only when set: a request that read the login while another
		// renewed it must not write the old one back.
		setSaveMode(SaveMode.ON_SET_ATTRIBUTE);
		// Expired sessions are swept by endExpired, which announces each one first.
		setCleanupCron(Scheduled.CRON_DISABLED);
	}

	/** Values are sealed text (see {@link SealedSession}): stored as its UTF-8 bytes. */
	private static GenericConversionService textOnly() {
		GenericConversionService conversions = new GenericConversionService();
		// The repository converts from and to Object: it never names the values' type.
		conversions.addConverter(Object.class, byte[].class, StoredSessions::bytes);
		conversions.addConverter(byte[].class, Object.class, (bytes) -> new String(bytes, StandardCharsets.UTF_8));
		return conversions;
	}

	private static byte[] bytes(Object value) {
		if (!(value instanceof String text)) {
			throw new IllegalArgumentException("Only sealed text is stored in a web session");
		}
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void deleteById(String storedId) {
		announceEnd(storedId);
		super.deleteById(storedId);
	}

	/** Spring Session's clean-up, with each expired session announced before it goes. */
	@Override
	public void cleanUpExpiredSessions() {
		List<String> expired = this.jdbc.query(EXPIRED, (rs, row) -> rs.getString(1), System.currentTimeMillis());
		expired.forEach(this::deleteById);
	}

	private void announceEnd(String storedId) {
		MapSession ended = load(storedId);
		if (ended != null) {
			this.events.publishEvent(
					ended.isExpired() ? new SessionExpiredEvent(this, ended) : new SessionDeletedEvent(this, ended));
		}
	}

	/**
	 * The stored session with its values opened, under its stored id (the real one is not
	 * known here), or null when there is none.
	 */
	private @Nullable MapSession load(String storedId) {
		return this.jdbc.query(ENDING, (rows) -> {
			MapSession session = null;
			while (rows.next()) {
				if (session == null) {
					session = new MapSession(storedId);
					session.setLastAccessedTime(Instant.ofEpochMilli(rows.getLong("last_access_time")));
					session.setMaxInactiveInterval(Duration.ofSeconds(rows.getInt("max_inactive_interval")));
				}
				String name = rows.getString("attribute_name");
				byte[] bytes = rows.getBytes("attribute_bytes");
				String value = (name != null && bytes != null)
						? this.seal.open(storedId, name, new String(bytes, StandardCharsets.UTF_8)) : null;
				if (name != null && value != null) {
					session.setAttribute(name, value);
				}
			}
			return session;
		}, storedId);
	}

}
