package dev.bastion.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.bastion.account.Account;
import dev.bastion.account.AccountAdministration;
import dev.bastion.account.AccountManagement;
import dev.bastion.account.AccountStatus;
import dev.bastion.account.AccountDirectory;
import dev.bastion.account.Profile;
import dev.bastion.account.Role;
import dev.bastion.audit.AuditEntry;
import dev.bastion.audit.AuditTrail;
import dev.bastion.auth.AccountTokens;
import dev.bastion.ratelimit.Bans;
import dev.bastion.ratelimit.EmergencyLimit;
import dev.bastion.sharedstate.SharedState;
import dev.bastion.audit.AdminAction;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.audit.SecurityEvent.Severity;
import dev.bastion.system.InvalidInputException;

/**
 * The incident-response actions, shared by the admin API and the command line; each one
 * is itself an audited event.
 */
@Service
public class IncidentResponse {

	static final int MAX_PAGE_SIZE = 100;

	/**
	 * The last page one may ask for: far beyond any real list, and no offset overflows.
	 */
	static final int MAX_PAGE = 1_000_000;

	private final AccountDirectory accounts;

	private final AccountManagement management;

	private final AccountTokens tokens;

	private final AuditTrail audit;

	private final ApplicationEventPublisher events;

	private final EmergencyLimit emergency;

	private final Bans bans;

	private final SharedState shared;

	private final AccountAdministration administration;

	IncidentResponse(AccountDirectory accounts, AccountManagement management, AccountTokens tokens, AuditTrail audit,
			ApplicationEventPublisher events, EmergencyLimit emergency, Bans bans, SharedState shared,
			AccountAdministration administration) {
		this.administration = administration;
		this.emergency = emergency;
		this.bans = bans;
		this.shared = shared;
		this.accounts = accounts;
		this.management = management;
		this.tokens = tokens;
		this.audit = audit;
		this.events = events;
	}

	/**
	 * Accounts whose username or e-mail contains {@code query}; with {@code status}
	 * ({@code pending}, {@code active}, {@code deactivated}) only those.
	 */
	public UserPage users(@Nullable String query, @Nullable String status, int page, int size) {
		checkPage(page, size);
		String q = (query != null) ? query.strip() : "";
		AccountStatus only = AccountStatus.of(status);
		return new UserPage(this.accounts.search(q, only, page, size).stream().map(Profile::of).toList(), page, size,
				this.accounts.count(q, only));
	}

	public Profile deactivate(@Nullable UUID actor, String user) {
		Account account = this.management.find(user);
		Profile profile = this.management.setActive(account.id(), false);
		this.tokens.revokeEverything(account.id());
		audited(actor, "deactivate", account);
		return profile;
	}

	public Profile activate(@Nullable UUID actor, String user) {
		Account account = this.management.find(user);
		Profile profile = this.management.setActive(account.id(), true);
		this.tokens.accountChanged(account.id());
		audited(actor, "activate", account);
		return profile;
	}

	/**
	 * Makes the account an administrator ({@code promote}) or a plain user; the access
	 * tokens it holds stop working at once, so none keeps the old role. The last active
	 * administrator cannot be demoted ({@code 409}).
	 */
	public Profile setRole(@Nullable UUID actor, String user, Role role) {
		Account account = this.management.find(user);
		if (this.administration.setRole(account.id(), role)) {
			this.tokens.roleChanged(account.id());
		}
		audited(actor, (role == Role.ADMIN) ? "promote" : "demote", account);
		return this.management.profile(account.id());
	}

	/** Lets a pending sign-up log in. */
	public Profile approve(@Nullable UUID actor, String user) {
		Account account = this.management.find(user);
		Profile profile = this.administration.approve(account.id());
		audited(actor, "approve", account);
		return profile;
	}

	/** Deletes a pending sign-up. */
	public Profile reject(@Nullable UUID actor, String user) {
		Account account = this.management.find(user);
		Profile profile = this.administration.reject(account.id());
		audited(actor, "reject", account);
		return profile;
	}

	public void unlock(@Nullable UUID actor, String user) {
		Account account = this.management.find(user);
		this.tokens.unlock(account.id());
		audited(actor, "unlock", account);
	}

	public void revokeTokens(@Nullable UUID actor, String user) {
		Account account = this.management.find(user);
		this.tokens.revokeEverything(account.id());
		audited(actor, "revoke-tokens", account);
	}

	public void revokeToken(@Nullable UUID actor, @Nullable String jti) {
		if (jti == null || jti.isBlank() || jti.length() > 64) {
			throw new InvalidInputException("jti", "must be the id of an access token");
		}
		this.tokens.revokeToken(jti.strip());
		this.events.publishEvent(new AdminAction(actor, "revoke-jti", jti.strip()));
	}

	/**
	 * Makes a new key the signer; {@code compromised} also refuses every token signed
	 * before, and is a {@code CRITICAL} event.
	 */
	public String rotateSigningKey(@Nullable UUID actor, boolean compromised) {
		String kid = this.tokens.rotateSigningKey(compromised);
		this.events.publishEvent(new AdminAction(actor, "rotate-signing-key", kid,
				compromised ? Severity.CRITICAL : Severity.WARNING, Map.of("compromised", compromised)));
		return kid;
	}

	public List<AuditEntry> events(@Nullable String type, @Nullable String user, @Nullable Instant since,
			@Nullable Instant until, int page, int size) {
		checkPage(page, size);
		return this.audit.search(type, user, since, until, page, size);
	}

	/**
	 * Verifies the audit chain against the anchors this instance knows and, if given,
	 * {@code anchor} (a signed head from the log or an alert).
	 */
	public AuditTrail.Verification verifyAudit(@Nullable UUID actor, @Nullable String anchor) {
		AuditTrail.Verification result = this.audit.verify(anchor);
		this.events.publishEvent(new AdminAction(actor, "verify-audit", result.valid() ? "valid" : "broken"));
		return result;
	}

	/**
	 * Switches the emergency limit; from the command line only with Redis, since without
	 * it the limit lives in each instance's memory.
	 */
	public EmergencyLimit.Status emergencyLimit(@Nullable UUID actor, boolean enabled, int requestsPerMinute) {
		requireSharedState(actor);
		EmergencyLimit.Status status = this.emergency.set(enabled, requestsPerMinute);
		this.events.publishEvent(
				new AdminAction(actor, "emergency-limit", enabled ? "on at " + requestsPerMinute + "/min" : "off"));
		return status;
	}

	/** The addresses banned now; from the command line only with Redis. */
	public List<Bans.Ban> bans(@Nullable UUID actor) {
		requireSharedState(actor);
		return this.bans.list();
	}

	/**
	 * Lifts a ban ({@code 404} when there is none); from the command line only with
	 * Redis.
	 */
	public void unban(@Nullable UUID actor, String ip) {
		requireSharedState(actor);
		if (!this.bans.lift(ip)) {
			throw new BastionException(ErrorCode.NOT_FOUND, "That address is not banned.");
		}
		this.events.publishEvent(new AdminAction(actor, "lift-ban", ip));
	}

	private void requireSharedState(@Nullable UUID actor) {
		if (actor == null && !this.shared.acrossInstances()) {
			throw new BastionException(ErrorCode.CONFLICT,
					"Without REDIS_URL this state lives in each running instance: use the admin API.");
		}
	}

	private void audited(@Nullable UUID actor, String action, Account account) {
		this.events.publishEvent(new AdminAction(actor, action, account.username()));
	}

	private static void checkPage(int page, int size) {
		if (page < 0 || page > MAX_PAGE) {
			throw new InvalidInputException("page", "must be 0 to " + MAX_PAGE);
		}
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw new InvalidInputException("size", "must be 1 to " + MAX_PAGE_SIZE);
		}
	}

	/** One page of accounts. */
	public record UserPage(List<Profile> users, int page, int size, long total) {

		public UserPage {
			users = List.copyOf(users);
		}

	}

}
