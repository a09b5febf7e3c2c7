package dev.bastion.admin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.BastionApplication;
import dev.bastion.account.AccountDirectory;
import dev.bastion.account.Registrations;
import dev.bastion.account.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code admin create-admin} against a file database, then the service started on the
 * same database sees the administrator; the incident, role and sign-up commands on that
 * database, never leaving it without an active administrator.
 */
class AdminCommandLineTests {

	@TempDir
	Path data;

	ByteArrayOutputStream out = new ByteArrayOutputStream();

	ByteArrayOutputStream err = new ByteArrayOutputStream();

	/**
	 * The data directory is the test's own (the admin socket, the secret), not ./data.
	 */
	@BeforeEach
	void useFileDatabase() {
		System.setProperty("DATA_DIR", this.data.toString());
		System.setProperty("spring.datasource.url", "jdbc:h2:file:" + this.data.resolve("bastion")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
	}

	@AfterEach
	void restore() {
		System.clearProperty("spring.datasource.url");
		System.clearProperty("DATA_DIR");
	}

	int run(String stdin, String... args) {
		return new AdminCommandLine(BastionApplication.class,
				new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8))
			.run(args);
	}

	@Test
	void createAdminReadsThePasswordFromStandardInput() {
		String username = "root-" + UUID.randomUUID().toString().substring(0, 6);
		assertThat(run("granite-willow-comet-85\n", "create-admin", username, username + "@example.org")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("Created administrator " + username)
			.doesNotContain("granite-willow-comet-85");
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(BastionApplication.class)
			.properties("server.port=0", "management.server.port=0")
			.run()) {
			assertThat(service.getBean(AccountDirectory.class).findByLogin(username).orElseThrow().role())
				.isEqualTo(Role.ADMIN);
		}
	}

	@Test
	void createAdminReadsThePasswordFromAFile(@TempDir Path directory) throws Exception {
		Path file = Files.writeString(directory.resolve("pw"), "granite-willow-comet-85\n");
		assertThat(run("", "create-admin", "fileadmin", "fileadmin@example.org", "--password-file", file.toString()))
			.isZero();
	}

	@Test
	void weakPasswordOrMissingArgumentsAreRefused() {
		assertThat(run("password123\n", "create-admin", "weakadmin", "weak@example.org")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8))
			.contains("password is a commonly used or breached password");
		assertThat(run("", "create-admin", "only-a-name")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("Usage: java -jar bastion.jar admin");
		assertThat(run("", "create-admin", "nopass", "nopass@example.org")).isEqualTo(1);
	}

	@Test
	void incidentCommandsWorkOnTheDatabaseWithoutTheWebServer() {
		assertThat(run("granite-willow-comet-85\n", "create-admin", "cliadmin", "cliadmin@example.org")).isZero();
		assertThat(run("", "users", "cliadmin")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("cliadmin  cliadmin@example.org  ADMIN");
		assertThat(run("", "deactivate", "cliadmin@example.org")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("last active administrator");
		assertThat(run("granite-willow-comet-85\n", "create-admin", "cliadmin2", "cliadmin2@example.org")).isZero();
		assertThat(run("", "deactivate", "cliadmin@example.org")).isZero();
		assertThat(run("", "users")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("(deactivated)");
		assertThat(run("", "rotate-signing-key")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("New signing key es-");
		assertThat(run("", "verify-audit")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("Audit chain intact");
		assertThat(run("", "events", "--type", "ADMIN_ACTION")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("ADMIN_ACTION")
			.contains("deactivate")
			.contains("create-admin");
		assertThat(run("", "deactivate", "nobody-here")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("There is no such account.");
	}

	@Test
	void promoteDemoteApproveAndRejectWorkOnTheDatabase() {
		assertThat(run("granite-willow-comet-85\n", "create-admin", "boss", "boss@example.org")).isZero();
		System.setProperty("REGISTRATION", "approval");
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(BastionApplication.class)
			.web(WebApplicationType.NONE)
			.lazyInitialization(true)
			.run()) {
			Registrations registrations = service.getBean(Registrations.class);
			registrations.register("newcomer", "newcomer@example.org", "granite-willow-comet-85", null);
			registrations.register("spammer", "spammer@example.org", "granite-willow-comet-85", null);
		}
		finally {
			System.clearProperty("REGISTRATION");
		}
		assertThat(run("", "users")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("newcomer  newcomer@example.org  USER  (pending)");
		assertThat(run("", "promote", "newcomer")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("approve it first");
		assertThat(run("", "approve", "newcomer")).isZero();
		assertThat(run("", "reject", "spammer@example.org")).isZero();
		assertThat(run("", "reject", "newcomer")).isEqualTo(1);
		assertThat(run("", "promote", "newcomer")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("Approved newcomer")
			.contains("Rejected and deleted spammer")
			.contains("newcomer is an administrator");
		assertThat(run("", "demote", "boss")).isZero();
		assertThat(run("", "demote", "newcomer")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("last active administrator");
		assertThat(run("", "demote")).isEqualTo(2);
		this.out.reset();
		assertThat(run("", "users")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("newcomer  newcomer@example.org  ADMIN")
			.contains("boss  boss@example.org  USER")
			.doesNotContain("spammer  ");
		assertThat(run("", "events", "--type", "ADMIN_ACTION")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("promote")
			.contains("demote")
			.contains("approve")
			.contains("reject");
	}

	@Test
	void createUserWithInvitePrintsAnEmailBoundLinkInsteadOfAPassword() {
		assertThat(run("granite-willow-comet-85\n", "create-admin", "keeper", "keeper@example.org")).isZero();
		assertThat(run("", "create-user", "asked", "asked@example.org", "--invite", "--expires-in", "3600")).isZero();
		String printed = this.out.toString(StandardCharsets.UTF_8);
		assertThat(printed).contains("Invited asked@example.org (invite ")
			.containsPattern("Invite link: http[^\\s]*/#/register\\?invite=[A-Za-z0-9_-]{32}"
					+ "&email=asked%40example.org&username=asked\n")
			.doesNotContain("One-time password");
		assertThat(run("", "create-user", "boss", "boss@example.org", "--invite", "--admin")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("role must be USER for an invite link");
		assertThat(run("", "create-user", "soon", "soon@example.org", "--expires-in", "3600")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("--expires-in applies only with --invite");
		assertThat(run("", "users")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).as("an invite is not yet an account")
			.contains("1 accounts in all");
		assertThat(run("", "events", "--type", "ADMIN_ACTION")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("invite-user");
	}

	@Test
	void userCommandsCreateLimitReportResetAndDeleteOnTheDatabase() {
		assertThat(run("granite-willow-comet-85\n", "create-admin", "keeper", "keeper@example.org")).isZero();
		assertThat(run("", "create-user", "fresh", "fresh@example.org")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("Created user fresh (")
			.containsPattern("One-time password: [A-Za-z0-9_-]{24}\n");
		assertThat(run("", "budget", "fresh", "5000")).isZero();
		assertThat(run("", "allowed-models", "fresh", "small, fast")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("fresh: daily token budget 5000, allowed models small,fast");
		assertThat(run("", "budget", "fresh", "lots")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("TOKENS must be a whole number or default");
		assertThat(run("", "usage", "fresh", "--days", "7")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("fresh: daily token budget 5000 (its own)");
		assertThat(run("", "reset-totp", "fresh")).isZero();
		assertThat(run("", "users", "--status", "active", "--page", "0")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("2 accounts in all; page 0 of size 100");
		assertThat(run("", "delete-user", "fresh")).as("needs --yes").isEqualTo(2);
		assertThat(run("", "delete-user", "keeper", "--yes")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("last active administrator");
		assertThat(run("", "delete-user", "fresh@example.org", "--yes")).isZero();
		assertThat(run("", "events", "--type", "ADMIN_ACTION")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("Deleted fresh")
			.contains("create-user")
			.contains("set-budget")
			.contains("set-allowed-models")
			.contains("reset-totp")
			.contains("delete-user")
			.doesNotContain("via=api");
	}

}
