package dev.bastion.auth.sso;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.bastion.account.Account;
import dev.bastion.account.Role;

/**
 * A provider identity waiting, in its browser's session only, to be linked to the account
 * with its verified e-mail once the person proves that account's password. Kept as text
 * (the session store seals it); it expires after {@link #LIFETIME}.
 *
 * @param role the role the claim mapping decided, or null when not managed
 */
record PendingLink(UUID accountId, String email, String issuer, String subject, @Nullable Role role,
		Instant expiresAt) {

	static final String ATTRIBUTE = PendingLink.class.getName();

	static final Duration LIFETIME = Duration.ofMinutes(10);

	private static final String FORMAT = "1";

	private static final int LINES = 7;

	/** Expiry is set when the link is kept, see {@link #keptAt}. */
	static PendingLink of(Account account, SsoIdentity identity) {
		return new PendingLink(account.id(), account.email(), identity.issuer(), identity.subject(), identity.role(),
				Instant.EPOCH);
	}

	PendingLink keptAt(Instant now) {
		return new PendingLink(this.accountId, this.email, this.issuer, this.subject, this.role, now.plus(LIFETIME));
	}

	String text() {
		return String.join("\n", FORMAT, this.accountId.toString(), this.email, this.issuer, this.subject,
				(this.role != null) ? this.role.name() : "", Long.toString(this.expiresAt.toEpochMilli()));
	}

	/** The link a session value holds, or null when none (or an unreadable one). */
	static @Nullable PendingLink of(@Nullable Object attribute) {
		if (!(attribute instanceof String text)) {
			return null;
		}
		String[] lines = text.split("\n", -1);
		if (lines.length != LINES || !FORMAT.equals(lines[0])) {
			return null;
		}
		try {
			return new PendingLink(UUID.fromString(lines[1]), lines[2], lines[3], lines[4],
					lines[5].isEmpty() ? null : Role.valueOf(lines[5]), Instant.ofEpochMilli(Long.parseLong(lines[6])));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "PendingLink[account=" + this.accountId + "]";
	}

}
