package dev.bastion.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine;

/**
 * Bastion's version, as the build wrote it into {@code META-INF/build-info.properties}
 * (inside the jar, and in {@code target/classes} when run from the build).
 */
final class Version implements CommandLine.IVersionProvider {

	private static final String BUILD_INFO = "META-INF/build-info.properties";

	private static final String UNKNOWN = "(version unknown)";

	@Override
	public String[] getVersion() {
		return new String[] { line() };
	}

	/** {@code Bastion 0.2.0}, or {@code Bastion (version unknown)} outside a build. */
	static String line() {
		return "Bastion " + number();
	}

	static String number() {
		try (InputStream in = Version.class.getClassLoader().getResourceAsStream(BUILD_INFO)) {
			if (in == null) {
				return UNKNOWN;
			}
			Properties info = new Properties();
			info.load(in);
			return info.getProperty("build.version", UNKNOWN);
		}
		catch (IOException ex) {
			return UNKNOWN;
		}
	}

}
