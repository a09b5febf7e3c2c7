package dev.bastion.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.bastion.BastionApplication;
import dev.bastion.admin.AdminCommandLine;

/**
 * {@code java -jar bastion.jar admin ...} run in the test JVM with the given settings,
 * which it reads like environment variables (as system properties, set only for the run,
 * so that they never leak into a server the test starts afterwards).
 */
public final class AdminCli {

	private AdminCli() {
	}

	public static synchronized Result run(Map<String, String> settings, String... arguments) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		settings.forEach(System::setProperty);
		try {
			int status = new AdminCommandLine(BastionApplication.class, new ByteArrayInputStream(new byte[0]),
					new PrintStream(out, true, StandardCharsets.UTF_8),
					new PrintStream(err, true, StandardCharsets.UTF_8))
				.run(arguments);
			return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
		}
		finally {
			settings.keySet().forEach(System::clearProperty);
		}
	}

	/** The exit status and what the command printed. */
	public record Result(int status, String out, String err) {

		@Override
		public String toString() {
			return "exit " + this.status + "\n--- out:\n" + this.out + "--- err:\n" + this.err;
		}

	}

}
