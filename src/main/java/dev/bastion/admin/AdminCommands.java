package dev.bastion.admin;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.account.Profile;
import dev.bastion.account.Role;
import dev.bastion.audit.AuditTrail;

/**
 * The {@code admin} commands as picocli declares them: names, arguments, help. Those that
 * respond to incidents open the application without a web server, ask
 * {@link IncidentResponse} (the service the admin API uses too) and print what it did;
 * the others hand over to {@link AdminCommandLine} and {@link BackupCommands}. A refusal
 * ({@code BastionException}) ends with exit code 1.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, versionProvider = Version.class, scope = ScopeType.INHERIT,
		description = {
				"Administers Bastion directly against the configured database (the same environment as "
						+ "the service); the web server need not run.",
				"USER is a username, an e-mail address or an account id.",
				"Exit codes: 0 done, 1 refused (the reason is printed), 2 usage error, 3 audit chain broken.", "" })
final class AdminCommands {

	private static final String USER = "a username, an e-mail address or an account id";

	private final AdminCommandLine commandLine;

	private final Supplier<ConfigurableApplicationContext> contexts;

	private final PrintStream out;

	AdminCommands(AdminCommandLine commandLine, Supplier<ConfigurableApplicationContext> contexts, PrintStream out) {
		this.commandLine = commandLine;
		this.contexts = contexts;
		this.out = out;
	}

	@Command(name = "create-admin",
			description = {
					"Creates an administrator; the password is read from standard input (or FILE), "
							+ "never from the command line.",
					"Also closes the first-administrator setup: its codes stop working." })
	int createAdmin(
			@Parameters(index = "0", paramLabel = "USERNAME",
					description = "3 to 50 of A-Z a-z 0-9 _ . -") String username,
			@Parameters(index = "1", paramLabel = "EMAIL",
					description = "the administrator's e-mail address") String email,
			@Option(names = "--password-file", paramLabel = "FILE",
					description = "reads the password from FILE") @Nullable Path passwordFile) {
		return this.commandLine.createAdmin(username, email, passwordFile);
	}

	@Command(name = "backup", description = "Writes an encrypted snapshot (BACKUP_KEY) to the new FILE, "
			+ "also while the service runs.")
	int backup(@Parameters(paramLabel = "FILE", description = "a file that does not exist yet") Path file) {
		return this.commandLine.backups().backup(file);
	}

	@Command(name = "restore", description = "Restores a backup into an empty database; exit code 3 if the "
			+ "restored audit chain does not verify.")
	int restore(@Parameters(paramLabel = "FILE", description = "a file written by admin backup") Path file) {
		return this.commandLine.backups().restore(file);
	}

	@Command(name = "rotate-history-key", description = "Re-encrypts stored history to CHAT_HISTORY_KEY, also "
			+ "while the service runs; CHAT_HISTORY_PREVIOUS_KEYS must name the old keys.")
	int rotateHistoryKey() {
		return this.commandLine.backups().rotateHistoryKey();
	}

	@Command(name = "users",
			description = "Lists accounts (username or e-mail contains QUERY), oldest first, " + "a page at a time.")
	int users(
			@Parameters(arity = "0..1", paramLabel = "QUERY",
					description = "part of a username or e-mail address") @Nullable String query,
			@Option(names = "--status", paramLabel = "STATUS",
					description = "only pending, active or deactivated accounts") @Nullable String status,
			@Option(names = "--page", paramLabel = "N", defaultValue = "0",
					description = "the page, from 0 (default: ${DEFAULT-VALUE})") int page) {
		return withIncidents((incidents) -> {
			IncidentResponse.UserPage found = incidents.users(query, status, page, IncidentResponse.MAX_PAGE_SIZE);
			found.users().forEach(this::printUser);
			this.out.println(found.total() + " accounts in all; page " + page + " of size " + found.size());
			return 0;
		});
	}

	@Command(name = "deactivate", description = "Deactivates USER: no login, every token ends.")
	int deactivate(@Parameters(paramLabel = "USER", description = USER) String user) {
		return withIncidents((incidents) -> done("Deactivated " + incidents.deactivate(null, user).username()));
	}

	@Command(name = "activate", description = "Lets a deactivated USER log in again.")
	int activate(@Parameters(paramLabel = "USER", description = USER) String user) {
		return withIncidents((incidents) -> done("Activated " + incidents.activate(null, user).username()));
	}

	@Command(name = "promote",
			description = "Makes USER an administrator; its access tokens end at once (it logs in again).")
	int promote(@Parameters(paramLabel = "USER", description = USER) String user) {
		return withIncidents(
				(incidents) -> done(incidents.setRole(null, user, Role.ADMIN).username() + " is an administrator"));
	}

	@Command(name = "demote", description = "Makes USER a plain user again; its access tokens end at once "
			+ "(never the last active administrator).")
	int demote(@Parameters(paramLabel = "USER", description = USER) String user) {
		return withIncidents(
				(incidents) -> done(incidents.setRole(null, user, Role.USER).username() + " is a plain user"));
	}

	@Command(name = "approve", description = "Lets a pending sign-up log in.")
	int approve(@Parameters(paramLabel = "USER", description = USER) String user) {
		return withIncidents((incidents) -> done("Approved " + incidents.approve(null, user).username()));
	}

	@Command(name = "reject", description = "Deletes a pending sign-up.")
	int reject(@Parameters(paramLabel = "USER", description = USER) String user) {
		return withIncidents((incidents) -> done("Rejected and deleted " + incidents.reject(null, user).username()));
	}

	@Command(name = "revoke-tokens", description = "Ends every login and token of USER.")
	int revokeTokens(@Parameters(paramLabel = "USER", description = USER) String user) {
		return withIncidents((incidents) -> {
			incidents.revokeTokens(null, user);
			return done("Revoked every login and token of " + user);
		});
	}

	@Command(name = "revoke-jti", description = "Denies one access token by its id (the jti claim).")
	int revokeJti(@Parameters(paramLabel = "JTI", description = "the token id") String jti) {
		return withIncidents((incidents) -> {
			incidents.revokeToken(null, jti);
			return done("Revoked token " + jti);
		});
	}

	@Command(name = "rotate-signing-key",
			description = "A new key signs; tokens signed before it stay valid "
					+ "until they expire, or with --compromised are refused at once (by running servers within "
					+ "SIGNING_KEY_RELOAD_INTERVAL).")
	int rotateSigningKey(@Option(names = "--compromised",
			description = "the old keys are refused at once: everyone logs in again") boolean compromised) {
		return withIncidents((incidents) -> {
			String kid = incidents.rotateSigningKey(null, compromised);
			return done("New signing key " + kid + (compromised
					? "; every token signed before it is refused (by running servers within SIGNING_KEY_RELOAD_INTERVAL)"
					: "; tokens signed before it stay valid until they expire"));
		});
	}

	@Command(name = "events", description = "Prints the audit trail, newest first.")
	int events(
			@Option(names = "--type", paramLabel = "TYPE", description = "only events of TYPE") @Nullable String type,
			@Option(names = "--since", paramLabel = "ISO-INSTANT",
					description = "only events at or after this time, e.g. 2026-01-31T00:00:00Z") @Nullable Instant since) {
		return withIncidents((incidents) -> {
			incidents.events(type, null, since, null, 0, IncidentResponse.MAX_PAGE_SIZE)
				.forEach((event) -> this.out.println(event.time() + "  " + event.severity() + "  " + event.type() + "  "
						+ orDash(event.username()) + "  " + orDash(event.ip()) + "  " + event.details()));
			return 0;
		});
	}

	@Command(name = "verify-audit",
			description = "Recomputes the audit chain, also against ANCHOR; exit code 3 " + "if it is broken.")
	int verifyAudit(@Option(names = "--anchor", paramLabel = "ANCHOR",
			description = "a signed head ID:HASH:MAC from the log or an alert") @Nullable String anchor) {
		return withIncidents((incidents) -> {
			AuditTrail.Verification result = incidents.verifyAudit(null, anchor);
			if (result.valid()) {
				return done("Audit chain intact: " + result.checked() + " events verified");
			}
			this.out.println("Audit chain BROKEN"
					+ ((result.firstBrokenId() != null) ? " at event " + result.firstBrokenId() : "") + " ("
					+ result.reason() + "; " + result.checked() + " events before it verified)");
			return 3;
		});
	}

	@Command(name = "unlock", description = "Lifts the login lock of USER (needs REDIS_URL).")
	int unlock(@Parameters(paramLabel = "USER", description = USER) String user) {
		return withIncidents((incidents) -> {
			incidents.unlock(null, user);
			return done("Unlocked " + user);
		});
	}

	@Command(name = "bans", description = "Lists the banned addresses (needs REDIS_URL).")
	int bans() {
		return withIncidents((incidents) -> {
			incidents.bans(null)
				.forEach((ban) -> this.out.println(ban.ip() + "  until " + ban.until() + "  " + ban.reason()));
			return 0;
		});
	}

	@Command(name = "unban", description = "Lifts the ban of IP (needs REDIS_URL).")
	int unban(@Parameters(paramLabel = "IP", description = "the banned address") String ip) {
		return withIncidents((incidents) -> {
			incidents.unban(null, ip);
			return done("Lifted the ban of " + ip);
		});
	}

	private void printUser(Profile user) {
		this.out.println(user.id() + "  " + user.username() + "  " + user.email() + "  " + user.role()
				+ (user.active() ? "" : "  (deactivated)") + (user.pending() ? "  (pending)" : ""));
	}

	private int withIncidents(Function<IncidentResponse, Integer> command) {
		try (ConfigurableApplicationContext context = this.contexts.get()) {
			return command.apply(context.getBean(IncidentResponse.class));
		}
	}

	private int done(String message) {
		this.out.println(message);
		return 0;
	}

	private static String orDash(@Nullable String value) {
		return (value != null) ? value : "-";
	}

	/**
	 * {@code emergency-limit on RATE | off}: one limit for every caller, for an attack
	 * that the per-address limits do not stop (needs REDIS_URL).
	 */
	@Command(name = "emergency-limit",
			description = "Switches the emergency limit for every caller on or off " + "(needs REDIS_URL).")
	static final class EmergencyLimit {

		private final AdminCommands commands;

		EmergencyLimit(AdminCommands commands) {
			this.commands = commands;
		}

		@Command(name = "on", description = "At most RATE requests per minute for everyone.")
		int on(@Parameters(paramLabel = "RATE", description = "requests per minute") int rate) {
			return this.commands.withIncidents((incidents) -> {
				incidents.emergencyLimit(null, true, rate);
				return this.commands.done("Emergency limit on: " + rate + " requests per minute for everyone");
			});
		}

		@Command(name = "off", description = "Back to the usual limits.")
		int off() {
			return this.commands.withIncidents((incidents) -> {
				incidents.emergencyLimit(null, false, 0);
				return this.commands.done("Emergency limit off");
			});
		}

	}

}
