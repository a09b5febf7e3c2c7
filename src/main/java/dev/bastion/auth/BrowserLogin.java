package dev.bastion.auth;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * A browser's login, kept only in its server-side HTTP session: the access and refresh
 * tokens never reach the page. The tokens rotate as the access token nears its end;
 * concurrent requests of one session rotate them once.
 */
final class BrowserLogin implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/** The session attribute holding it. */
	static final String ATTRIBUTE = BrowserLogin.class.getName();

	private final UUID accountId;

	private final UUID familyId;

	private final Instant endsAt;

	private String accessToken;

	private Instant accessExpiresAt;

	private String refreshToken;

	BrowserLogin(UUID accountId, UUID familyId, Instant endsAt, String accessToken, Instant accessExpiresAt,
			String refreshToken) {
		this.accountId = accountId;
		this.familyId = familyId;
		this.endsAt = endsAt;
		this.accessToken = accessToken;
		this.accessExpiresAt = accessExpiresAt;
		this.refreshToken = refreshToken;
	}

	UUID accountId() {
		return this.accountId;
	}

	/** The refresh-token family: the login as listed in the user's sessions. */
	UUID familyId() {
		return this.familyId;
	}

	/** The absolute end of this login, however active it is. */
	Instant endsAt() {
		return this.endsAt;
	}

	synchronized String accessToken() {
		return this.accessToken;
	}

	synchronized Instant accessExpiresAt() {
		return this.accessExpiresAt;
	}

	synchronized String refreshToken() {
		return this.refreshToken;
	}

	synchronized void rotated(String accessToken, Instant accessExpiresAt, String refreshToken) {
		this.accessToken = accessToken;
		this.accessExpiresAt = accessExpiresAt;
		this.refreshToken = refreshToken;
	}

	@Override
	public String toString() {
		return "BrowserLogin[family=" + this.familyId + "]";
	}

}
