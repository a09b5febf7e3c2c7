package dev.bastion.websession;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.session.SessionIdGenerator;

/**
 * The ids Spring Session's JDBC repository gives new sessions: the keyed hash of an id
 * that {@link SealedSessionRepository} chose and keeps, handed over for the one call that
 * creates the session or changes its id. The repository has no other way to take an id
 * from outside; it never makes one up.
 */
final class ChosenSessionIds implements SessionIdGenerator {

	private final ThreadLocal<@Nullable String> next = new ThreadLocal<>();

	/**
	 * Runs {@code creation}, during which the repository's new id is {@code storedId}.
	 */
	<T> T creating(String storedId, Supplier<T> creation) {
		this.next.set(storedId);
		try {
			return creation.get();
		}
		finally {
			this.next.remove();
		}
	}

	@Override
	public String generate() {
		String storedId = this.next.get();
		if (storedId == null) {
			throw new IllegalStateException("Web session ids are chosen by SealedSessionRepository");
		}
		return storedId;
	}

}
