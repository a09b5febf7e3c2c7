package dev.bastion.auth.session;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.bastion.system.Secret;

/**
 * A browser's login, kept only in its server-side session: the access and refresh tokens
 * never reach the page. Kept as text (the session store seals it, bound to the session),
 * and replaced as a whole when the tokens rotate.
 */
public record BrowserLogin(UUID accountId, UUID familyId, Instant endsAt, Secret accessToken, Instant accessExpiresAt,
		Secret refreshToken) {

	/** The session attribute holding it. */
	public static final String ATTRIBUTE = BrowserLogin.class.getName();

	/** The version of the text form, first of its lines. */
	private static final String FORMAT = "1";

	private static final int LINES = 7;

	/** The same login with the tokens of a refresh rotation. */
	public BrowserLogin rotated(Secret accessToken, Instant accessExpiresAt, Secret refreshToken) {
		return new BrowserLogin(this.accountId, this.familyId, this.endsAt, accessToken, accessExpiresAt, refreshToken);
	}

	/** The text form kept in the session. */
	public String text() {
		return String.join("\n", FORMAT, this.accountId.toString(), this.familyId.toString(),
				Long.toString(this.endsAt.toEpochMilli()), this.accessToken.reveal(),
				Long.toString(this.accessExpiresAt.toEpochMilli()), this.refreshToken.reveal());
	}

	/**
	 * The login a session attribute holds, or null when it holds none (or one in a form
	 * this version does not know: its browser logs in again).
	 */
	public static @Nullable BrowserLogin of(@Nullable Object attribute) {
		if (!(attribute instanceof String text)) {
			return null;
		}
		String[] lines = text.split("\n", -1);
		if (lines.length != LINES || !FORMAT.equals(lines[0])) {
			return null;
		}
		try {
			return new BrowserLogin(UUID.fromString(lines[1]), UUID.fromString(lines[2]),
					Instant.ofEpochMilli(Long.parseLong(lines[3])), Secret.of(lines[4]),
					Instant.ofEpochMilli(Long.parseLong(lines[5])), Secret.of(lines[6]));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
