package dev.bastion.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bastion.support.FreePorts;
import dev.bastion.support.BastionProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java ... BastionApplication ARGS} in a process of its own, as an operator runs
 * the jar: help and version print and exit 0, an unknown command or option is a usage
 * error (exit 2), and none of them starts the service (nothing is written to DATA_DIR,
 * nothing listens). Spring Boot settings on the command line still start it.
 */
class JarCommandLineIntegrationTests {

	/** Every admin command of the release before picocli, by its old name. */
	static final List<String> ADMIN_COMMANDS = List.of("create-admin", "users", "deactivate", "activate", "promote",
			"demote", "approve", "reject", "revoke-tokens", "revoke-jti", "rotate-signing-key", "events",
			"verify-audit", "unlock", "bans", "unban", "emergency-limit", "backup", "restore", "rotate-history-key");

	@TempDir
	Path data;

	@TempDir
	Path logs;

	record Run(int exit, String output) {
	}

	Run run(String... arguments) throws IOException {
		Path log = Files.createTempFile(this.logs, "run", ".log");
		int exit = BastionProcess.run(Map.of("DATA_DIR", this.data.toString(), "SERVER_PORT",
				String.valueOf(FreePorts.next()), "MANAGEMENT_PORT", String.valueOf(FreePorts.next())), log, arguments);
		return new Run(exit, Files.readString(log));
	}

	void assertServiceNeverStarted(Run run) throws IOException {
		assertThat(run.output()).as("no application context").doesNotContain("Started BastionApplication");
		try (Stream<Path> written = Files.list(this.data)) {
			assertThat(written).as("nothing written to DATA_DIR").isEmpty();
		}
	}

	@Test
	void helpListsTheCommandsAndExitsWithoutStartingTheService() throws IOException {
		Run help = run("--help");
		assertThat(help.exit()).as(help.output()).isZero();
		assertThat(help.output()).startsWith("Usage: java -jar bastion.jar [-hV] [COMMAND]")
			.contains("  admin ")
			.contains("  doctor ")
			.contains("--server.port=9090");
		assertServiceNeverStarted(help);
	}

	@Test
	void versionPrintsThePomsVersion() throws IOException {
		Run version = run("--version");
		assertThat(version.exit()).as(version.output()).isZero();
		assertThat(version.output()).isEqualTo("Bastion " + pomVersion() + "\n");
		assertServiceNeverStarted(version);
	}

	@Test
	void anUnknownCommandOrOptionIsAUsageErrorAndNeverStartsTheService() throws IOException {
		Run command = run("serve");
		assertThat(command.exit()).as(command.output()).isEqualTo(2);
		assertThat(command.output()).startsWith("Unmatched argument at index 0: 'serve'")
			.contains("Usage: java -jar bastion.jar");
		Run option = run("--verbose");
		assertThat(option.exit()).as(option.output()).isEqualTo(2);
		assertThat(option.output()).startsWith("Unknown option: '--verbose'");
		Run adminCommand = run("admin", "delete-everything");
		assertThat(adminCommand.exit()).as(adminCommand.output()).isEqualTo(2);
		assertThat(adminCommand.output()).startsWith("Unmatched argument at index 1: 'delete-everything'")
			.contains("Did you mean: admin ");
		Run noAdminCommand = run("admin");
		assertThat(noAdminCommand.exit()).as(noAdminCommand.output()).isEqualTo(2);
		assertThat(noAdminCommand.output()).startsWith("Missing required subcommand");
		assertServiceNeverStarted(noAdminCommand);
	}

	@Test
	void adminAndEachCommandExplainThemselves() throws IOException {
		Run admin = run("admin", "--help");
		assertThat(admin.exit()).as(admin.output()).isZero();
		assertThat(admin.output()).startsWith("Usage: java -jar bastion.jar admin [-hV] [COMMAND]");
		ADMIN_COMMANDS.forEach((command) -> assertThat(admin.output()).contains("  " + command + " "));
		Run createAdmin = run("admin", "create-admin", "--help");
		assertThat(createAdmin.exit()).as(createAdmin.output()).isZero();
		assertThat(createAdmin.output()).startsWith("Usage: java -jar bastion.jar admin create-admin")
			.contains("--password-file=FILE")
			.contains("USERNAME")
			.contains("EMAIL");
		Run emergencyOn = run("admin", "help", "emergency-limit");
		assertThat(emergencyOn.exit()).as(emergencyOn.output()).isZero();
		assertThat(emergencyOn.output()).contains("on   At most RATE requests per minute");
		Run doctor = run("doctor", "--help");
		assertThat(doctor.exit()).as(doctor.output()).isZero();
		assertThat(doctor.output()).startsWith("Usage: java -jar bastion.jar doctor").contains("Exit code 0");
		assertServiceNeverStarted(doctor);
	}

	@Test
	void springSettingsOnTheCommandLineStillStartTheService() throws IOException {
		int port = FreePorts.next();
		try (BastionProcess service = BastionProcess.start(
				Map.of("DATA_DIR", this.data.toString(), "MANAGEMENT_PORT", String.valueOf(FreePorts.next())),
				this.logs.resolve("service.log"), "--server.port=" + port)) {
			assertThat(service.awaitReady(port, Duration.ofMinutes(2)).get("/livez").statusCode()).isEqualTo(200);
		}
	}

	private static String pomVersion() throws IOException {
		Matcher version = Pattern.compile("<artifactId>bastion</artifactId>\\s*<version>([^<]+)</version>")
			.matcher(Files.readString(Path.of("pom.xml")));
		assertThat(version.find()).isTrue();
		return version.group(1);
	}

}
