package dev.bastion.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.bastion.account.Account;
import dev.bastion.account.AccountAdministration;
import dev.bastion.account.AccountAdministration.NewAccount;
import dev.bastion.account.AccountLimits;
import dev.bastion.account.AccountLimits.Limits;
import dev.bastion.account.AccountManagement;
import dev.bastion.account.Profile;
import dev.bastion.account.Role;
import dev.bastion.audit.AdminAction;
import dev.bastion.audit.SecurityEvent.Severity;
import dev.bastion.auth.AccountTokens;
import dev.bastion.chat.UsageHistory;
import dev.bastion.system.InvalidInputException;

/**
 * Managing users, shared by the admin API and the command line: creating an account with
 * a one-time password, resetting its second factor, deleting it, its own budget and
 * models, and what it spent. Each action is an audited {@link AdminAction} naming the
 * acting administrator ({@code null}: the command line) and the account, never a secret.
 */
@Service
public class UserAdministration {

	/** The usage history an administrator sees by default. */
	static final int DEFAULT_USAGE_DAYS = 30;

	private final AccountManagement management;

	private final AccountAdministration administration;

	private final AccountLimits limits;

	private final AccountTokens tokens;

	private final UsageHistory usage;

	private final ApplicationEventPublisher events;

	UserAdministration(AccountManagement management, AccountAdministration administration, AccountLimits limits,
			AccountTokens tokens, UsageHistory usage, ApplicationEventPublisher events) {
		this.management = management;
		this.administration = administration;
		this.limits = limits;
		this.tokens = tokens;
		this.usage = usage;
		this.events = events;
	}

	/** One account with its own limits. */
	public Details details(String user) {
		Account account = this.management.find(user);
		return new Details(Profile.of(account), this.limits.limits(account.id()));
	}

	/**
	 * A new active account ({@code USER} unless {@code role} says {@code ADMIN}) with a
	 * one-time password its owner must replace before doing anything else.
	 */
	public NewAccount create(@Nullable UUID actor, @Nullable String username, @Nullable String email,
			@Nullable String role) {
		Role chosen = role(role);
		NewAccount created = this.administration.create(username, email, chosen);
		this.events.publishEvent(new AdminAction(actor, "create-user", created.profile().username(), Severity.WARNING,
				Map.of("role", chosen.name())));
		return created;
	}

	/** Turns the account's TOTP off (a lost authenticator); it may enrol again. */
	public Profile resetSecondFactor(@Nullable UUID actor, String user) {
		Account account = this.management.find(user);
		this.tokens.resetSecondFactor(account.id());
		audited(actor, "reset-totp", account, Map.of("totp_was_enabled", account.totpEnabled()));
		return this.management.profile(account.id());
	}

	/**
	 * Erases the account and everything stored for it; its tokens are refused at once.
	 * Never the last active administrator ({@code 409}).
	 */
	public Profile delete(@Nullable UUID actor, String user) {
		Account account = this.management.find(user);
		Profile deleted = this.administration.delete(account.id());
		audited(actor, "delete-user", account, Map.of("role", account.role().name()));
		return deleted;
	}

	/** Sets the account's daily token budget; {@code null} returns it to the default. */
	public Limits setDailyTokenBudget(@Nullable UUID actor, String user, @Nullable Long budget) {
		Account account = this.management.find(user);
		this.limits.setDailyTokenBudget(account.id(), budget);
		audited(actor, "set-budget", account,
				Map.of("daily_token_budget", (budget != null) ? budget.toString() : "default"));
		return this.limits.limits(account.id());
	}

	/** Sets the models the account may use; {@code null}: as its role allows. */
	public Limits setAllowedModels(@Nullable UUID actor, String user, @Nullable List<String> models) {
		Account account = this.management.find(user);
		this.limits.setAllowedModels(account.id(), models);
		audited(actor, "set-allowed-models", account,
				Map.of("allowed_models", (models != null) ? String.join(",", models) : "any"));
		return this.limits.limits(account.id());
	}

	/** Tokens and requests per UTC day over the last {@code days} (1 to 366). */
	public Usage usage(String user, int days) {
		if (days < 1 || days > UsageHistory.MAX_DAYS) {
			throw new InvalidInputException("days", "must be 1 to " + UsageHistory.MAX_DAYS);
		}
		Account account = this.management.find(user);
		Long own = this.limits.limits(account.id()).dailyTokenBudget();
		return new Usage(account.id(), account.username(), (own != null) ? own : this.usage.defaultDailyBudget(),
				own != null, this.usage.lastDays(account.id(), days));
	}

	private void audited(@Nullable UUID actor, String action, Account account, Map<String, Object> facts) {
		Map<String, Object> all = new LinkedHashMap<>(facts);
		all.put("account_id", account.id().toString());
		this.events.publishEvent(new AdminAction(actor, action, account.username(), Severity.WARNING, all));
	}

	private static Role role(@Nullable String role) {
		if (role == null || role.isBlank() || role.strip().equalsIgnoreCase("user")) {
			return Role.USER;
		}
		if (role.strip().equalsIgnoreCase("admin")) {
			return Role.ADMIN;
		}
		throw new InvalidInputException("role", "must be USER or ADMIN");
	}

	/** One account as an administrator sees it. */
	public record Details(Profile user, Limits limits) {
	}

	/**
	 * @param dailyTokenBudget the budget that applies now
	 * @param ownBudget whether it is the account's own, not CHAT_DAILY_TOKEN_BUDGET
	 */
	public record Usage(UUID userId, String username, long dailyTokenBudget, boolean ownBudget,
			List<UsageHistory.Day> days) {

		public Usage {
			days = List.copyOf(days);
		}

	}

}
