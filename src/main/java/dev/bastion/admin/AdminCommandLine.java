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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.account.AccountManagement;
import dev.bastion.account.Profile;
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
		this.err.print(USAGE);
		return 2;
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
