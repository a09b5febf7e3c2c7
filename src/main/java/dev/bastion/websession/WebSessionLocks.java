package dev.bastion.websession;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;

/**
 * A change to a browser session that must happen once, however many of its requests ask
 * for it at the same moment on however many instances: the session's row is locked in the
 * database (and, to keep waiting requests from holding database connections, on this
 * instance first), and the change sees the value as stored now, not the copy its request
 * read when it began.
 */
public final class WebSessionLocks {

	private static final String LOCK = "select primary_id from spring_session where session_id = ? for update";

	private static final String READ = "select attribute_bytes from spring_session_attributes "
			+ "where session_primary_id = ? and attribute_name = ?";

	private static final String WRITE = "update spring_session_attributes set attribute_bytes = ? "
			+ "where session_primary_id = ? and attribute_name = ?";

	private static final int STRIPES = 64;

	private final JdbcOperations jdbc;

	private final TransactionOperations transactions;

	private final SessionSeal seal;

	private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

	WebSessionLocks(JdbcOperations jdbc, TransactionOperations transactions, SessionSeal seal) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.seal = seal;
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new ReentrantLock();
		}
	}

	/** One value of a session, while the session is locked. */
	public interface Locked {

		/** The value as stored now; null when the session, or the value, is gone. */
		@Nullable String value();

		/**
		 * Stores a new value, committed with whatever else {@code work} wrote when it
		 * returns; does nothing when the session is gone.
		 */
		void replace(String value);

	}

	/**
	 * Runs {@code work} on the session's {@code attribute} with the session locked, in
	 * one database transaction that the work's own writes join: they are committed when
	 * it returns, and rolled back if it throws.
	 */
	public <T> T locked(HttpSession session, String attribute, Function<Locked, T> work) {
		String storedId = this.seal.storedId(session.getId());
		ReentrantLock stripe = this.stripes[Math.floorMod(storedId.hashCode(), STRIPES)];
		stripe.lock();
		try {
			T result = this.transactions.execute((status) -> work.apply(lock(storedId, attribute)));
			if (result == null) {
				throw new IllegalStateException("Work on a locked web session gave no result");
			}
			return result;
		}
		finally {
			stripe.unlock();
		}
	}

	private Locked lock(String storedId, String attribute) {
		List<String> row = this.jdbc.query(LOCK, (rs, index) -> rs.getString(1), storedId);
		if (row.isEmpty()) {
			return new Value(this.jdbc, this.seal, null, null, storedId, attribute);
		}
		String primaryId = row.get(0);
		List<byte[]> stored = this.jdbc.query(READ, (rs, index) -> rs.getBytes(1), primaryId, attribute);
		String value = stored.isEmpty() ? null
				: this.seal.open(storedId, attribute, new String(stored.get(0), StandardCharsets.UTF_8));
		return new Value(this.jdbc, this.seal, value, primaryId, storedId, attribute);
	}

	private static final class Value implements Locked {

		private final JdbcOperations jdbc;

		private final SessionSeal seal;

		private final @Nullable String value;

		private final @Nullable String primaryId;

		private final String storedId;

		private final String attribute;

		Value(JdbcOperations jdbc, SessionSeal seal, @Nullable String value, @Nullable String primaryId,
				String storedId, String attribute) {
			this.jdbc = jdbc;
			this.seal = seal;
			this.value = value;
			this.primaryId = primaryId;
			this.storedId = storedId;
			this.attribute = attribute;
		}

		@Override
		public @Nullable String value() {
			return this.value;
		}

		@Override
		public void replace(String value) {
			if (this.primaryId != null) {
				byte[] sealed = this.seal.seal(this.storedId, this.attribute, value).getBytes(StandardCharsets.UTF_8);
				this.jdbc.update(WRITE, sealed, this.primaryId, this.attribute);
			}
		}

		@Override
		public String toString() {
			return "Locked[<redacted>]";
		}

	}

}
