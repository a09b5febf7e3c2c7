package dev.bastion.admin;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.account.AccountManagement;
import dev.bastion.account.Profile;
import dev.bastion.audit.AdminAction;
import dev.bastion.system.BastionException;
import dev.bastion.system.InvalidInputException;

/**
 * {@code java -jar bastion.jar admin <command>}: works directly against the configured
 * database, without starting the web server. Passwords are read from standard input or a
 * file, never from the command line (which other users can see in the process list). Exit
 * codes: 0 done, 1 refused, 2 a usage error, 3 a broken audit chain.
 */
public final class AdminCommandLine {

	/** How the jar is run, for the usage lines. */
	static final String JAR = "java -jar bastion.jar";

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
		CommandLine admin = commandLine();
		admin.setCommandName(JAR + " admin");
		return execute(configure(admin, this.out, this.err), args, this.out, this.err);
	}

	/** The {@code admin} command with every subcommand, for this class or the jar's. */
	CommandLine commandLine() {
		AdminCommands commands = new AdminCommands(this, this::context, this.out);
		CommandLine admin = new CommandLine(commands);
		admin.addSubcommand("emergency-limit", new CommandLine(new AdminCommands.EmergencyLimit(commands)));
		new UserCommands(this::context, this.out).commands().forEach(admin::addSubcommand);
		admin.addSubcommand(new CommandLine.HelpCommand());
		return admin;
	}

	/**
	 * Output to the given streams; refusals the services explain are printed as such with
	 * exit code 1, not as a stack trace.
	 */
	static CommandLine configure(CommandLine root, PrintStream out, PrintStream err) {
		return root.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
			.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
			.setExecutionExceptionHandler((ex, command, parsed) -> refused(ex, err));
	}

	static int execute(CommandLine root, String[] args, PrintStream out, PrintStream err) {
		int exit = root.execute(args);
		root.getOut().flush();
		root.getErr().flush();
		out.flush();
		err.flush();
		return exit;
	}

	private static int refused(Exception ex, PrintStream err) throws Exception {
		if (ex instanceof InvalidInputException invalid) {
			invalid.errors().forEach((field, message) -> err.println(field + " " + message));
			return 1;
		}
		if (ex instanceof BastionException refusal) {
			err.println(refusal.getMessage());
			return 1;
		}
		throw ex;
	}

	/** {@code admin create-admin}: the password from the file, or else standard input. */
	int createAdmin(String username, String email, @Nullable Path passwordFile) {
		String password;
		try {
			password = (passwordFile != null) ? Files.readString(passwordFile, StandardCharsets.UTF_8).strip()
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
	}

	BackupCommands backups() {
		return new BackupCommands(this.application, this.out, this.err);
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

}
