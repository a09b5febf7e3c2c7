package dev.bastion.admin;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.bastion.account.Account;
import dev.bastion.account.AccountAdministration;
import dev.bastion.account.AccountDirectory;
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

	/** Far past any real number of accounts: a bound on the offset a page asks for. */
	private static final int MAX_PAGE = 100_000;

	private final AccountManagement management;

	private final AccountAdministration administration;

	private final AccountLimits limits;

	private final AccountTokens tokens;

	private final UsageHistory usage;

	private final AccountDirectory directory;

	private final ApplicationEventPublisher events;

	UserAdministration(AccountManagement management, AccountAdministration administration, AccountLimits limits,
			AccountTokens tokens, UsageHistory usage, AccountDirectory directory, ApplicationEventPublisher events) {
		this.management = management;
		this.administration = administration;
		this.limits = limits;
		this.tokens = tokens;
		this.usage = usage;
		this.directory = directory;
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
		UsageHistory.checkDays(days);
		Account account = this.management.find(user);
		UsageHistory.DailyBudget budget = this.usage.budget(account.id());
		return new Usage(account.id(), account.username(), budget.tokens(), budget.own(),
				this.usage.lastDays(account.id(), days));
	}

	/**
	 * Everyone's usage over the last {@code days}: the totals per model, and a page of
	 * the accounts that used chat, most tokens first.
	 */
	public UsageTotals usageTotals(int days, int page, int size) {
		UsageHistory.checkDays(days);
		if (page < 0 || page > MAX_PAGE) {
			throw new InvalidInputException("page", "must be 0 to " + MAX_PAGE);
		}
		if (size < 1 || size > UsageHistory.MAX_PAGE_SIZE) {
			throw new InvalidInputException("size", "must be 1 to " + UsageHistory.MAX_PAGE_SIZE);
		}
		List<UsageHistory.ModelTotal> models = this.usage.perModel(days);
		List<UserTotal> users = this.usage.perAccount(days, page, size)
			.stream()
			.map((total) -> new UserTotal(total.accountId(), this.directory.usernameOf(total.accountId()),
					total.tokens(), total.requests()))
			.toList();
		return new UsageTotals(days, this.usage.firstDay(days), this.usage.today(),
				models.stream().mapToLong(UsageHistory.ModelTotal::tokens).sum(),
				models.stream().mapToLong(UsageHistory.ModelTotal::requests).sum(), models, users, page, size,
				this.usage.accountsWithUsage(days));
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

	/**
	 * Everyone's usage over a period.
	 *
	 * @param days how many UTC days, today included
	 * @param from the first of them
	 * @param to today
	 * @param tokens every account's tokens over the period
	 * @param requests every account's requests over the period
	 * @param models the totals per model, most tokens first ({@code model} null: use from
	 * before model routing)
	 * @param users one page of the accounts, most tokens first
	 * @param totalUsers how many accounts used chat over the period
	 */
	public record UsageTotals(int days, LocalDate from, LocalDate to, long tokens, long requests,
			List<UsageHistory.ModelTotal> models, List<UserTotal> users, int page, int size, long totalUsers) {

		public UsageTotals {
			models = List.copyOf(models);
			users = List.copyOf(users);
		}

	}

	/** One account's totals; {@code username} is null once the account is deleted. */
	public record UserTotal(UUID userId, @Nullable String username, long tokens, long requests) {
	}

}
