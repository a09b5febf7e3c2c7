package dev.bastion.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.bastion.crypto.Secrets;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;
import dev.bastion.system.Secret;

/**
 * Invitations to register under {@code REGISTRATION=invite}: a random code an
 * administrator hands out, shown once and stored as a keyed hash, good for one
 * registration before it expires, optionally only for one e-mail address, and only while
 * its creator is still an active administrator whose tokens were not revoked since (V19):
 * an intruder's invites, made with a stolen administrator's login, die with the eviction,
 * and a demoted or departed administrator's with their authority.
 */
@Service
public class Invitations {

	/** How long an invite is valid unless the administrator says otherwise. */
	public static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);

	static final Duration MAX_LIFETIME = Duration.ofDays(30);

	static final Duration MIN_LIFETIME = Duration.ofMinutes(5);

	private static final int CODE_BYTES = 24;

	private static final int MAX_CODE = 100;

	private static final String NOT_VALID = "is not a valid invite: unknown, used, expired, or for another e-mail address";

	/**
	 * The creator's authority, checked in the database at every use so that every
	 * instance agrees at once: the operator's (the command line), or an administrator's
	 * who is still active and whose tokens were not all revoked after the invite was made
	 * (revoke-tokens, deactivation, a password reset, a role change all move
	 * {@code tokens_valid_after}).
	 */
	private static final String CREATOR_AUTHORITY = "(by_operator = true or exists (select 1 from accounts a"
			+ " where a.id = invites.created_by and a.role = 'ADMIN' and a.active = true and a.pending = false"
			+ " and a.tokens_valid_after <= invites.created_at))";

	private static final String COLUMNS = "id, email, created_by, created_at, expires_at, used_at, used_by, "
			+ CREATOR_AUTHORITY + " as authorized";

	private final JdbcClient jdbc;

	private final Secrets secrets;

	private final Clock clock;

	Invitations(JdbcClient jdbc, Secrets secrets, Clock clock) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.clock = clock;
	}

	/**
	 * A new invite, for anyone or only for {@code email}, valid {@code expiresIn} seconds
	 * (by default {@link #DEFAULT_LIFETIME}). The code is in the result only.
	 * @param createdBy the administrator, or {@code null} for the operator at the command
	 * line
	 */
	public NewInvite create(@Nullable UUID createdBy, @Nullable String email, @Nullable Long expiresIn) {
		String boundTo = (email != null && !email.isBlank()) ? EmailAddress.of(email).value() : null;
		Duration lifetime = (expiresIn != null) ? Duration.ofSeconds(expiresIn) : DEFAULT_LIFETIME;
		if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
			throw new InvalidInputException("expires_in", "must be " + MIN_LIFETIME.toSeconds() + " to "
					+ MAX_LIFETIME.toSeconds() + " seconds (5 minutes to 30 days)");
		}
		String code = Secrets.randomToken(CODE_BYTES);
		Instant now = this.clock.instant();
		Invite invite = new Invite(UUID.randomUUID(), boundTo, createdBy, now, now.plus(lifetime), null, null, true);
		this.jdbc
			.sql("insert into invites (id, code_hash, email, created_by, created_at, expires_at, by_operator) "
					+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(invite.id(), hash(code), boundTo, createdBy, Timestamp.from(now),
					Timestamp.from(invite.expiresAt()), createdBy == null)
			.update();
		return new NewInvite(invite, Secret.of(code));
	}

	/** Every invite, newest first: open, used and expired alike. */
	public List<Invite> list() {
		return this.jdbc.sql("select " + COLUMNS + " from invites order by created_at desc, id")
			.query(Invitations::map)
			.list();
	}

	/** Deletes an invite, used or not; its code stops working at once. */
	public void revoke(UUID id) {
		if (this.jdbc.sql("delete from invites where id = ?").param(id).update() == 0) {
			throw new BastionException(ErrorCode.NOT_FOUND, "There is no such invite.");
		}
	}

	/**
	 * The stored form of {@code code} when it would let {@code email} register now;
	 * refuses with {@code 400} on {@code invite_code} otherwise, also when its creator
	 * lost the authority to invite (the same refusal: the invite is simply not valid). A
	 * cheap read, made before any password work.
	 */
	String usable(@Nullable String code, String email) {
		if (code == null || code.isBlank()) {
			throw new InvalidInputException("invite_code", "is required: sign-up here is by invitation");
		}
		if (code.length() > MAX_CODE) {
			throw new InvalidInputException("invite_code", NOT_VALID);
		}
		String hash = hash(code);
		boolean usable = this.jdbc
			.sql("select count(*) from invites where code_hash = ? and used_at is null and expires_at > ? "
					+ "and (email is null or email = ?) and " + CREATOR_AUTHORITY)
			.params(hash, Timestamp.from(this.clock.instant()), email)
			.query(Long.class)
			.single() > 0;
		if (!usable) {
			throw new InvalidInputException("invite_code", NOT_VALID);
		}
		return hash;
	}

	/**
	 * Spends the invite for {@code account}, inside the transaction that stores it; of
	 * two registrations racing with one code, only one gets here first. The creator's
	 * authority is checked again in the same statement: a demotion between the check and
	 * here still refuses.
	 */
	void redeem(String hash, Account account) {
		Instant now = this.clock.instant();
		int spent = this.jdbc
			.sql("update invites set used_at = ?, used_by = ? where code_hash = ? and used_at is null "
					+ "and expires_at > ? and (email is null or email = ?) and " + CREATOR_AUTHORITY)
			.params(Timestamp.from(now), account.id(), hash, Timestamp.from(now), account.email())
			.update();
		if (spent != 1) {
			throw new InvalidInputException("invite_code", NOT_VALID);
		}
	}

	private String hash(String code) {
		return this.secrets.hash("invite " + code.strip());
	}

	private static Invite map(ResultSet row, int number) throws SQLException {
		Timestamp used = row.getTimestamp("used_at");
		return new Invite(row.getObject("id", UUID.class), row.getString("email"),
				row.getObject("created_by", UUID.class), row.getTimestamp("created_at").toInstant(),
				row.getTimestamp("expires_at").toInstant(), (used != null) ? used.toInstant() : null,
				row.getObject("used_by", UUID.class), row.getBoolean("authorized"));
	}

	/**
	 * An invite as an administrator sees it, never with its code.
	 *
	 * @param email the only address it registers, or {@code null} for anyone
	 * @param authorized whether its creator still has the authority to invite
	 */
	public record Invite(UUID id, @Nullable String email, @Nullable UUID createdBy, Instant createdAt,
			Instant expiresAt, @Nullable Instant usedAt, @Nullable UUID usedBy, boolean authorized) {

		/**
		 * {@code open}, {@code used}, {@code expired}, or {@code void} (its creator is no
		 * longer an active administrator, or was evicted since) at {@code now}.
		 */
		public String status(Instant now) {
			if (this.usedAt != null) {
				return "used";
			}
			if (!now.isBefore(this.expiresAt)) {
				return "expired";
			}
			return this.authorized ? "open" : "void";
		}

	}

	/** A new invite and its code, which exists only here. */
	public record NewInvite(Invite invite, Secret code) {

	}

}
