package dev.bastion.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

import dev.bastion.BastionApplication;

/**
 * Bastion in a JVM of its own, started the way an operator starts it (the application's
 * classes and libraries, settings as environment variables), so that a test can kill it
 * with {@code SIGKILL} and start it again on the same data directory.
 */
public final class BastionProcess implements AutoCloseable {

	/** Settings of the test JVM's environment that must not leak into the child. */
	private static final List<String> INHERITED_SETTINGS = List.of("DATABASE_URL", "DATABASE_URL_FILE", "REDIS_URL",
			"REDIS_URL_FILE", "SECRET_KEY", "SECRET_KEY_FILE", "SPRING_PROFILES_ACTIVE", "SERVER_PORT",
			"MANAGEMENT_PORT", "DATA_DIR", "VOICE_TEMP_DIR", "CHAT_HISTORY", "CHAT_HISTORY_KEY");

	private final Process process;

	private final Path log;

	private BastionProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/** Starts the service; call {@link #awaitReady} before using it. */
	public static BastionProcess start(Map<String, String> environment, Path log) {
		return new BastionProcess(launch(environment, log, List.of()), log);
	}

	/** Starts the service with command-line arguments (Spring Boot settings). */
	public static BastionProcess start(Map<String, String> environment, Path log, String... arguments) {
		return new BastionProcess(launch(environment, log, Arrays.asList(arguments)), log);
	}

	/**
	 * Runs a command ({@code admin ...}, {@code doctor}) to its end and returns its exit
	 * status.
	 */
	public static int run(Map<String, String> environment, Path log, String... arguments) {
		Process process = launch(environment, log, Arrays.asList(arguments));
		try {
			if (!process.waitFor(3, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("The command did not finish in time; see " + log);
			}
			return process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IllegalStateException(ex);
		}
	}

	private static Process launch(Map<String, String> environment, Path log, List<String> arguments) {
		List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp",
				applicationClassPath(), BastionApplication.class.getName()));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		INHERITED_SETTINGS.forEach(builder.environment()::remove);
		builder.environment().putAll(environment);
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String java() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElseThrow(() -> new IllegalStateException("The test JVM's java command is unknown"));
	}

	/**
	 * The test JVM's class path without the test classes: their
	 * {@code config/application.properties} would put the child on an in-memory database.
	 */
	private static String applicationClassPath() {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		return Arrays.stream(classPath.split(File.pathSeparator))
			.filter((entry) -> !Path.of(entry).endsWith("test-classes"))
			.collect(Collectors.joining(File.pathSeparator));
	}

	/** Waits until the main port answers {@code /livez}; fails if the process died. */
	public Http awaitReady(int port, Duration timeout) {
		Http http = Http.local(port);
		Awaitility.await("Bastion answering /livez on port " + port + " (see " + this.log + ")")
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(100))
			.ignoreException(UncheckedIOException.class)
			.until(() -> isLive(http));
		return http;
	}

	/**
	 * Whether it answers {@code /livez}; throws (not listening yet) or fails (exited).
	 */
	private boolean isLive(Http http) {
		if (!this.process.isAlive()) {
			throw new IllegalStateException("Bastion exited with " + this.process.exitValue() + "; see " + this.log);
		}
		return http.get("/livez").statusCode() == 200;
	}

	/** {@code SIGKILL}: the process ends at once, without any shutdown work. */
	public void kill() {
		this.process.destroyForcibly();
		awaitExit();
	}

	public String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitExit() {
		try {
			if (!this.process.waitFor(1, TimeUnit.MINUTES)) {
				throw new IllegalStateException("Bastion did not exit; see " + this.log);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A graceful stop ({@code SIGTERM}), as at the end of a test. */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			awaitExit();
		}
	}

}
