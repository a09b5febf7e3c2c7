package dev.bastion.admin;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * What the jar's arguments mean: none (or only Spring Boot settings such as
 * {@code --server.port=9090}) start the service; {@code admin ...} and {@code doctor} run
 * and exit; {@code --help} and {@code --version} print and exit 0; anything else is a
 * usage error (exit code 2) and never starts the service.
 */
@Command(name = AdminCommandLine.JAR, mixinStandardHelpOptions = true, versionProvider = Version.class,
		scope = ScopeType.INHERIT,
		description = { "Starts the Bastion service; with a command, runs it and exits.",
				"Without a command the service starts. Arguments of the form --name=value are Spring Boot "
						+ "settings for it (e.g. --server.port=9090); the environment variables in "
						+ "docs/configuration.md are the usual way to configure it.",
				"Exit codes: 0 done, 1 failed, 2 usage error (an unknown command or option).", "" })
public final class BastionCommandLine {

	/**
	 * {@code --name=value} (a Spring Boot setting), and Boot's
	 * {@code --debug}/{@code --trace}.
	 */
	private static final Pattern SERVICE_ARGUMENT = Pattern.compile("--[^-=\\s][^=\\s]*=.*|--debug|--trace",
			Pattern.DOTALL);

	private final Class<?> application;

	private final InputStream in;

	private final PrintStream out;

	private final PrintStream err;

	public BastionCommandLine(Class<?> application, InputStream in, PrintStream out, PrintStream err) {
		this.application = application;
		this.in = in;
		this.out = out;
		this.err = err;
	}

	/**
	 * Runs a command and returns its exit code, or nothing when the arguments ask for the
	 * service to start.
	 */
	public OptionalInt run(String... args) {
		if (Arrays.stream(args).allMatch((argument) -> SERVICE_ARGUMENT.matcher(argument).matches())) {
			return OptionalInt.empty();
		}
		return OptionalInt.of(AdminCommandLine.execute(AdminCommandLine.configure(commandLine(), this.out, this.err),
				args, this.out, this.err));
	}

	/** Every command the jar knows, with its usage help. */
	CommandLine commandLine() {
		CommandLine jar = new CommandLine(this);
		jar.addSubcommand("admin", new AdminCommandLine(this.application, this.in, this.out, this.err).commandLine());
		jar.addSubcommand(new CommandLine.HelpCommand());
		return jar;
	}

	@Command(name = "doctor",
			description = {
					"Prints the production checklist (PASS, WARN, FAIL) for the "
							+ "configuration it runs with, without opening a port.",
					"Exit code 0 without failures, 1 otherwise." })
	int doctor() {
		return new Doctor(this.application, this.out).run();
	}

}
