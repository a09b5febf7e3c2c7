package dev.bastion.websession;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * The browser sessions Spring Session serves, kept in the database so that every instance
 * sees the same ones: ids go in and out in clear (the cookie), and are stored only as
 * their keyed hash; values go in and out in clear, and are stored only sealed.
 */
final class SealedSessionRepository implements SessionRepository<SealedSession> {

	/** Spring Session's default clean-up schedule for JDBC: every minute. */
	static final String SWEEP = "0 * * * * *";

	private final StoredSessions stored;

	/** The same repository through its interface: its own session type is not public. */
	private final SessionRepository<Session> store;

	private final SessionSeal seal;

	private final ChosenSessionIds ids;

	@SuppressWarnings("unchecked")
	SealedSessionRepository(StoredSessions stored, SessionSeal seal, ChosenSessionIds ids) {
		this.stored = stored;
		this.store = (SessionRepository<Session>) (SessionRepository<?>) stored;
		this.seal = seal;
		this.ids = ids;
	}

	@Override
	public SealedSession createSession() {
		String id = SessionSeal.newId();
		return new SealedSession(id, this.ids.creating(this.seal.storedId(id), this.store::createSession), this.seal,
				this.ids);
	}

	@Override
	public void save(SealedSession session) {
		this.store.save(session.stored());
	}

	@Override
	public @Nullable SealedSession findById(String id) {
		if (!SessionSeal.isWellFormed(id)) {
			return null;
		}
		Session found = this.store.findById(this.seal.storedId(id));
		return (found != null) ? new SealedSession(id, found, this.seal, this.ids) : null;
	}

	@Override
	public void deleteById(String id) {
		if (SessionSeal.isWellFormed(id)) {
			this.store.deleteById(this.seal.storedId(id));
		}
	}

	/**
	 * Ends the sessions idle for longer than their timeout, on every instance's schedule.
	 */
	@Scheduled(cron = SWEEP)
	void sweep() {
		this.stored.cleanUpExpiredSessions();
	}

}
