package dev.bastion.admin;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.account.AccountManagement;
import dev.bastion.account.Profile;
import dev.bastion.account.Role;
import dev.bastion.audit.AuditTrail;
import dev.bastion.audit.AdminAction;
import dev.bastion.system.BastionException;
import dev.bastion.system.InvalidInputException;

/**
 * {@code java -jar bastion.jar admin <command>}: works directly against the configured
 * database, without starting the web server. Passwords are read from standard input or a
 * file, never from the command line (which other users can see in the process list).
 */
public final class AdminCommandLine {

	static final String USAGE = """
			Usage: java -jar bastion.jar admin <command>
			  create-admin USERNAME EMAIL [--password-file FILE]
			      creates an administrator; the password is read from standard input
			      (or FILE), never from the command line
			      (also closes the first-administrator setup: its codes stop working)
			  users [QUERY]                 lists accounts (username or e-mail contains QUERY)
			  deactivate USER | activate USER
			  promote USER | demote USER    makes USER an administrator, or a plain user again;
			                                its access tokens end at once (never the last admin)
			  approve USER | reject USER    lets a pending sign-up log in, or deletes it
			  revoke-tokens USER            ends every login and token of USER
			  revoke-jti JTI                denies one access token
			  rotate-signing-key [--compromised]
			      a new key signs; old tokens stay valid until they expire, or with
			      --compromised are refused at once (by running servers within
			      SIGNING_KEY_RELOAD_INTERVAL)
			  events [--type T] [--since ISO-INSTANT]
			  verify-audit [--anchor ANCHOR]
			      recomputes the audit chain, also against ANCHOR (a signed head
			      ID:HASH:MAC from the log or an alert); exit code 3 if broken
			  unlock USER | bans | unban IP | emergency-limit on RATE | emergency-limit off
			      these act on shared state, so they need REDIS_URL (without it, use the admin API)
			  backup FILE                   writes an encrypted snapshot (BACKUP_KEY) to the new FILE,
			      also while the service runs
			  restore FILE                  restores a backup into an empty database
			  rotate-history-key            re-encrypts stored history to CHAT_HISTORY_KEY, also
			      while the service runs; CHAT_HISTORY_PREVIOUS_KEYS must name the old keys
			USER is a username, an e-mail address or an account id.
			""";

	private final InputStream in;

	private final PrintStream out;

	private final PrintStream err;

	private final Class<?> application;

	public AdminCommandLine(Class<?> application, InputStream in, PrintStream out, PrintStream err) {
		this.application = application;
		this.in = in;
		this.out = out;
		this.err = err;
	}

	/**
	 * Runs the command in {@code args} (after "admin"); returns the process exit code.
	 */
	public int run(String... args) {
		List<String> arguments = Arrays.asList(args);
		if (arguments.size() >= 3 && arguments.get(0).equals("create-admin")) {
			return createAdmin(arguments.get(1), arguments.get(2), option(arguments, "--password-file"));
		}
		if (!arguments.isEmpty() && COMMANDS.contains(arguments.get(0))) {
			return incident(arguments);
		}
		BackupCommands backups = new BackupCommands(this.application, this.out, this.err);
		if (arguments.size() == 2 && arguments.get(0).equals("backup")) {
			return backups.backup(Path.of(arguments.get(1)));
		}
		if (arguments.size() == 2 && arguments.get(0).equals("restore")) {
			return backups.restore(Path.of(arguments.get(1)));
		}
		if (arguments.equals(List.of("rotate-history-key"))) {
			return backups.rotateHistoryKey();
		}
		this.err.print(USAGE);
		return 2;
	}

	private static final List<String> COMMANDS = List.of("users", "deactivate", "activate", "promote", "demote",
			"approve", "reject", "revoke-tokens", "revoke-jti", "rotate-signing-key", "events", "verify-audit",
			"unlock", "bans", "unban", "emergency-limit");

	private int incident(List<String> arguments) {
		String command = arguments.get(0);
		String target = (arguments.size() > 1) ? arguments.get(1) : null;
		boolean needsTarget = List
			.of("deactivate", "activate", "promote", "demote", "approve", "reject", "revoke-tokens", "revoke-jti",
					"unlock", "unban", "emergency-limit")
			.contains(command);
		if ((needsTarget && target == null) || !optionsValid(command, arguments)) {
			this.err.print(USAGE);
			return 2;
		}
		try (ConfigurableApplicationContext context = context()) {
			IncidentResponse incidents = context.getBean(IncidentResponse.class);
			return switch (command) {
				case "users" -> {
					incidents
						.users((target != null && !target.startsWith("--")) ? target : null, null, 0,
								IncidentResponse.MAX_PAGE_SIZE)
						.users()
						.forEach((user) -> this.out.println(user.id() + "  " + user.username() + "  " + user.email()
								+ "  " + user.role() + (user.active() ? "" : "  (deactivated)")
								+ (user.pending() ? "  (pending)" : "")));
					yield 0;
				}
				case "deactivate" -> done("Deactivated " + incidents.deactivate(null, target).username());
				case "activate" -> done("Activated " + incidents.activate(null, target).username());
				case "promote" -> done(incidents.setRole(null, target, Role.ADMIN).username() + " is an administrator");
				case "demote" -> done(incidents.setRole(null, target, Role.USER).username() + " is a plain user");
				case "approve" -> done("Approved " + incidents.approve(null, target).username());
				case "reject" -> done("Rejected and deleted " + incidents.reject(null, target).username());
				case "revoke-tokens" -> {
					incidents.revokeTokens(null, target);
					yield done("Revoked every login and token of " + target);
				}
				case "revoke-jti" -> {
					incidents.revokeToken(null, target);
					yield done("Revoked token " + target);
				}
				case "rotate-signing-key" -> rotate(incidents, arguments.contains("--compromised"));
				case "events" -> events(incidents, arguments);
				case "unlock" -> {
					incidents.unlock(null, target);
					yield done("Unlocked " + target);
				}
				case "bans" -> {
					incidents.bans(null)
						.forEach((ban) -> this.out.println(ban.ip() + "  until " + ban.until() + "  " + ban.reason()));
					yield 0;
				}
				case "unban" -> {
					incidents.unban(null, target);
					yield done("Lifted the ban of " + target);
				}
				case "emergency-limit" -> emergencyLimit(incidents, target, arguments);
				default -> verify(incidents, option(arguments, "--anchor"));
			};
		}
		catch (InvalidInputException ex) {
			ex.errors().forEach((field, message) -> this.err.println(field + " " + message));
			return 1;
		}
		catch (BastionException ex) {
			this.err.println(ex.getMessage());
			return 1;
		}
	}

	private int emergencyLimit(IncidentResponse incidents, String mode, List<String> arguments) {
		if (mode.equals("off")) {
			incidents.emergencyLimit(null, false, 0);
			return done("Emergency limit off");
		}
		if (mode.equals("on") && arguments.size() > 2 && arguments.get(2).matches("\\d{1,9}")) {
			int rate = Integer.parseInt(arguments.get(2));
			incidents.emergencyLimit(null, true, rate);
			return done("Emergency limit on: " + rate + " requests per minute for everyone");
		}
		this.err.print(USAGE);
		return 2;
	}

	private int events(IncidentResponse incidents, List<String> arguments) {
		String since = option(arguments, "--since");
		incidents
			.events(option(arguments, "--type"), null, (since != null) ? Instant.parse(since) : null, null, 0,
					IncidentResponse.MAX_PAGE_SIZE)
			.forEach((event) -> this.out.println(event.time() + "  " + event.severity() + "  " + event.type() + "  "
					+ ((event.username() != null) ? event.username() : "-") + "  "
					+ ((event.ip() != null) ? event.ip() : "-") + "  " + event.details()));
		return 0;
	}

	/**
	 * A mistyped option must not pass for a plain rotation (or a verification without the
	 * anchor the operator meant to give).
	 */
	private static boolean optionsValid(String command, List<String> arguments) {
		List<String> options = arguments.subList(1, arguments.size());
		return switch (command) {
			case "rotate-signing-key" -> options.isEmpty() || options.equals(List.of("--compromised"));
			case "verify-audit" -> options.isEmpty() || (options.size() == 2 && options.get(0).equals("--anchor"));
			default -> true;
		};
	}

	private int rotate(IncidentResponse incidents, boolean compromised) {
		String kid = incidents.rotateSigningKey(null, compromised);
		return done("New signing key " + kid + (compromised
				? "; every token signed before it is refused (by running servers within SIGNING_KEY_RELOAD_INTERVAL)"
				: "; tokens signed before it stay valid until they expire"));
	}

	private int verify(IncidentResponse incidents, @Nullable String anchor) {
		AuditTrail.Verification result = incidents.verifyAudit(null, anchor);
		if (result.valid()) {
			this.out.println("Audit chain intact: " + result.checked() + " events verified");
			return 0;
		}
		this.out.println(
				"Audit chain BROKEN" + ((result.firstBrokenId() != null) ? " at event " + result.firstBrokenId() : "")
						+ " (" + result.reason() + "; " + result.checked() + " events before it verified)");
		return 3;
	}

	private int done(String message) {
		this.out.println(message);
		return 0;
	}

	private int createAdmin(String username, String email, @Nullable String passwordFile) {
		String password;
		try {
			password = (passwordFile != null) ? Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip()
					: readPassword();
		}
		catch (IOException ex) {
			this.err.println("Cannot read the password: " + ex.getClass().getSimpleName());
			return 1;
		}
		try (ConfigurableApplicationContext context = context()) {
			Profile admin = context.getBean(AccountManagement.class).createAdmin(username, email, password);
			context.publishEvent(new AdminAction(null, "create-admin", admin.username()));
			this.out.println("Created administrator " + admin.username() + " (" + admin.id() + ")");
			return 0;
		}
		catch (InvalidInputException ex) {
			ex.errors().forEach((field, message) -> this.err.println(field + " " + message));
			return 1;
		}
		catch (BastionException ex) {
			this.err.println(ex.getMessage());
			return 1;
		}
	}

	private String readPassword() throws IOException {
		Console console = System.console();
		if (console != null && this.in == System.in) {
			char[] first = console.readPassword("Password for the new administrator: ");
			char[] again = console.readPassword("Repeat it: ");
			if (first == null || !Arrays.equals(first, again)) {
				throw new IOException("the two passwords differ");
			}
			return new String(first);
		}
		String line = new BufferedReader(new InputStreamReader(this.in, StandardCharsets.UTF_8)).readLine();
		if (line == null) {
			throw new IOException("no password on standard input");
		}
		return line.strip();
	}

	private ConfigurableApplicationContext context() {
		return new SpringApplicationBuilder(this.application).web(WebApplicationType.NONE)
			.lazyInitialization(true)
			.properties("logging.level.root=WARN", "logging.level.dev.bastion=WARN")
			.run();
	}

	private static @Nullable String option(List<String> arguments, String name) {
		int at = arguments.indexOf(name);
		return (at >= 0 && at + 1 < arguments.size()) ? arguments.get(at + 1) : null;
	}

}
