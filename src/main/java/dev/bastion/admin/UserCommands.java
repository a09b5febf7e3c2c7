package dev.bastion.admin;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.account.AccountAdministration.NewAccount;
import dev.bastion.account.AccountLimits.Limits;
import dev.bastion.admin.UserAdministration.Usage;
import dev.bastion.admin.UserInvites.InvitedUser;
import dev.bastion.system.InvalidInputException;

/**
 * The {@code admin} commands that manage users, each asking {@link UserAdministration}
 * (the service the admin API uses too) in an application without a web server.
 */
final class UserCommands {

	private static final String USER = "a username, an e-mail address or an account id";

	private final Supplier<ConfigurableApplicationContext> contexts;

	private final PrintStream out;

	UserCommands(Supplier<ConfigurableApplicationContext> contexts, PrintStream out) {
		this.contexts = contexts;
		this.out = out;
	}

	/** One instance of each command, in the order the help lists them. */
	List<Object> commands() {
		return List.of(new CreateUser(this), new ResetTotp(this), new DeleteUser(this), new Budget(this),
				new AllowedModels(this), new UsageReport(this));
	}

	private int withUsers(Function<UserAdministration, String> command) {
		try (ConfigurableApplicationContext context = this.contexts.get()) {
			this.out.println(command.apply(context.getBean(UserAdministration.class)));
			return 0;
		}
	}

	private int withInvites(Function<UserInvites, String> command) {
		try (ConfigurableApplicationContext context = this.contexts.get()) {
			this.out.println(command.apply(context.getBean(UserInvites.class)));
			return 0;
		}
	}

	private static String limits(String username, Limits limits) {
		List<String> models = limits.allowedModels();
		return username + ": daily token budget "
				+ ((limits.dailyTokenBudget() != null) ? limits.dailyTokenBudget() : "default") + ", allowed models "
				+ ((models != null) ? String.join(",", models) : "any");
	}

	@Command(name = "create-user", description = {
			"Creates an active account with a one-time password, printed "
					+ "once: its owner must change it before anything else.",
			"With --invite, prints an invite link "
					+ "for EMAIL instead, with which the user chooses their own password; the account is active "
					+ "at once, whatever REGISTRATION says." })
	static final class CreateUser implements Callable<Integer> {

		private final UserCommands commands;

		@Parameters(index = "0", paramLabel = "USERNAME", description = "3 to 50 of A-Z a-z 0-9 _ . -")
		@Nullable String username;

		@Parameters(index = "1", paramLabel = "EMAIL", description = "the user's e-mail address")
		@Nullable String email;

		@Option(names = "--admin", description = "makes the account an administrator")
		boolean admin;

		@Option(names = "--invite", description = "an invite link bound to EMAIL instead of a one-time password "
				+ "(USERNAME is a suggestion the user may change; not with --admin)")
		boolean invite;

		@Option(names = "--expires-in", paramLabel = "SECONDS",
				description = "how long the invite link stays valid, 300 to 2592000 (default: 7 days)")
		@Nullable Long expiresIn;

		CreateUser(UserCommands commands) {
			this.commands = commands;
		}

		@Override
		public Integer call() {
			String role = this.admin ? "ADMIN" : "USER";
			if (this.invite) {
				return this.commands.withInvites((invites) -> {
					InvitedUser invited = invites.invite(null, this.username, this.email, role, this.expiresIn);
					return "Invited " + invited.email() + " (invite " + invited.inviteId() + ", expires "
							+ invited.expiresAt() + ")\nInvite link: " + invited.link().reveal();
				});
			}
			if (this.expiresIn != null) {
				throw new InvalidInputException("--expires-in", "applies only with --invite");
			}
			return this.commands.withUsers((users) -> {
				NewAccount created = users.create(null, this.username, this.email, role);
				return "Created " + created.profile().role().name().toLowerCase(java.util.Locale.ROOT) + " "
						+ created.profile().username() + " (" + created.profile().id() + ")\nOne-time password: "
						+ created.oneTimePassword().reveal();
			});
		}

	}

	@Command(name = "reset-totp",
			description = "Turns off the second factor of USER (a lost authenticator); they log in with "
					+ "the password and may enrol again.")
	static final class ResetTotp implements Callable<Integer> {

		private final UserCommands commands;

		@Parameters(paramLabel = "USER", description = USER)
		@Nullable String user;

		ResetTotp(UserCommands commands) {
			this.commands = commands;
		}

		@Override
		public Integer call() {
			return this.commands.withUsers((users) -> "Reset the second factor of "
					+ users.resetSecondFactor(null, String.valueOf(this.user)).username());
		}

	}

	@Command(name = "delete-user", description = "Erases USER and everything stored for it; its tokens are "
			+ "refused at once (never the last active administrator).")
	static final class DeleteUser implements Callable<Integer> {

		private final UserCommands commands;

		@Parameters(paramLabel = "USER", description = USER)
		@Nullable String user;

		@Option(names = "--yes", required = true, description = "confirms: there is no undo")
		boolean yes;

		DeleteUser(UserCommands commands) {
			this.commands = commands;
		}

		@Override
		public Integer call() {
			return this.commands
				.withUsers((users) -> "Deleted " + users.delete(null, String.valueOf(this.user)).username());
		}

	}

	@Command(name = "budget", description = "Sets the daily token budget of USER, instead of "
			+ "CHAT_DAILY_TOKEN_BUDGET; 'default' returns it to that.")
	static final class Budget implements Callable<Integer> {

		private final UserCommands commands;

		@Parameters(index = "0", paramLabel = "USER", description = USER)
		@Nullable String user;

		@Parameters(index = "1", paramLabel = "TOKENS", description = "tokens per UTC day, or default")
		@Nullable String tokens;

		Budget(UserCommands commands) {
			this.commands = commands;
		}

		@Override
		public Integer call() {
			Long budget = "default".equalsIgnoreCase(this.tokens) ? null : number(this.tokens);
			return this.commands.withUsers((users) -> limits(String.valueOf(this.user),
					users.setDailyTokenBudget(null, String.valueOf(this.user), budget)));
		}

		private static Long number(@Nullable String tokens) {
			try {
				return Long.valueOf(String.valueOf(tokens));
			}
			catch (NumberFormatException ex) {
				throw new dev.bastion.system.InvalidInputException("TOKENS", "must be a whole number or default");
			}
		}

	}

	@Command(name = "allowed-models",
			description = "Sets the only models USER may use; 'any' lets the " + "role's permissions alone decide.")
	static final class AllowedModels implements Callable<Integer> {

		private final UserCommands commands;

		@Parameters(index = "0", paramLabel = "USER", description = USER)
		@Nullable String user;

		@Parameters(index = "1", paramLabel = "MODELS", description = "model names, comma-separated, or any")
		@Nullable String models;

		AllowedModels(UserCommands commands) {
			this.commands = commands;
		}

		@Override
		public Integer call() {
			List<String> names = "any".equalsIgnoreCase(this.models) ? null
					: Arrays.stream(String.valueOf(this.models).split(",")).map(String::strip).toList();
			return this.commands.withUsers((users) -> limits(String.valueOf(this.user),
					users.setAllowedModels(null, String.valueOf(this.user), names)));
		}

	}

	@Command(name = "usage", description = "Prints the tokens and requests of USER per UTC day, newest first.")
	static final class UsageReport implements Callable<Integer> {

		private final UserCommands commands;

		@Parameters(paramLabel = "USER", description = USER)
		@Nullable String user;

		@Option(names = "--days", paramLabel = "DAYS", defaultValue = "30",
				description = "how many days back, 1 to 366 (default: ${DEFAULT-VALUE})")
		int days;

		UsageReport(UserCommands commands) {
			this.commands = commands;
		}

		@Override
		public Integer call() {
			return this.commands.withUsers((users) -> {
				Usage usage = users.usage(String.valueOf(this.user), this.days);
				StringBuilder report = new StringBuilder(usage.username() + ": daily token budget "
						+ usage.dailyTokenBudget() + (usage.ownBudget() ? " (its own)" : " (default)"));
				usage.days()
					.forEach((day) -> report.append('\n')
						.append(day.day())
						.append("  ")
						.append(day.tokens())
						.append(" tokens  ")
						.append(day.requests())
						.append(" requests"));
				return report.toString();
			});
		}

	}

}
