package dev.bastion.websession;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.session.Session;

/**
 * A browser session as the application sees it: its real id (the cookie's value) and its
 * values in clear, over the stored session, which knows only the id's keyed hash and each
 * value's ciphertext. Values are text: the session keeps nothing it would have to
 * deserialize.
 */
final class SealedSession implements Session {

	private final Session stored;

	private final SessionSeal seal;

	private final ChosenSessionIds ids;

	private String id;

	SealedSession(String id, Session stored, SessionSeal seal, ChosenSessionIds ids) {
		this.id = id;
		this.stored = stored;
		this.seal = seal;
		this.ids = ids;
	}

	Session stored() {
		return this.stored;
	}

	@Override
	public String getId() {
		return this.id;
	}

	/** A new id, stored under its own hash; the values are sealed again to match it. */
	@Override
	public String changeSessionId() {
		Map<String, String> values = new LinkedHashMap<>();
		for (String name : getAttributeNames()) {
			String value = getAttribute(name);
			if (value != null) {
				values.put(name, value);
			}
		}
		String next = SessionSeal.newId();
		this.ids.creating(this.seal.storedId(next), this.stored::changeSessionId);
		this.id = next;
		values.forEach(this::setAttribute);
		return next;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getAttribute(String attributeName) {
		Object sealed = this.stored.getAttribute(attributeName);
		if (!(sealed instanceof String text)) {
			return null;
		}
		return (T) this.seal.open(this.stored.getId(), attributeName, text);
	}

	@Override
	public Set<String> getAttributeNames() {
		return this.stored.getAttributeNames();
	}

	/**
	 * @throws IllegalArgumentException for a value that is not text: it would have to be
	 * serialized, and read back by deserializing what the database holds
	 */
	@Override
	public void setAttribute(String attributeName, @Nullable Object attributeValue) {
		if (attributeValue == null) {
			this.stored.removeAttribute(attributeName);
		}
		else if (attributeValue instanceof String value) {
			this.stored.setAttribute(attributeName, this.seal.seal(this.stored.getId(), attributeName, value));
		}
		else {
			throw new IllegalArgumentException("A web session keeps text values only, not a "
					+ attributeValue.getClass().getName() + " (" + attributeName + ")");
		}
	}

	@Override
	public void removeAttribute(String attributeName) {
		this.stored.removeAttribute(attributeName);
	}

	@Override
	public Instant getCreationTime() {
		return this.stored.getCreationTime();
	}

	@Override
	public void setLastAccessedTime(Instant lastAccessedTime) {
		this.stored.setLastAccessedTime(lastAccessedTime);
	}

	@Override
	public Instant getLastAccessedTime() {
		return this.stored.getLastAccessedTime();
	}

	@Override
	public void setMaxInactiveInterval(Duration interval) {
		this.stored.setMaxInactiveInterval(interval);
	}

	@Override
	public Duration getMaxInactiveInterval() {
		return this.stored.getMaxInactiveInterval();
	}

	@Override
	public boolean isExpired() {
		return this.stored.isExpired();
	}

	@Override
	public String toString() {
		return "SealedSession[<redacted>]";
	}

}
