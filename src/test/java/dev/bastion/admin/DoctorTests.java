package dev.bastion.admin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bastion.BastionApplication;
import dev.bastion.support.OpenAiStub;
import dev.bastion.support.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code doctor} against a file database with the settings given as system properties (as
 * the environment would give them): what a fresh development setup lacks, a
 * production-like setup passing, and a refused configuration reported as a failure.
 */
class DoctorTests {

	private static final String SECRET = "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9";

	@TempDir
	Path data;

	private final Map<String, String> settings = new java.util.LinkedHashMap<>();

	@AfterEach
	void restore() {
		this.settings.keySet().forEach(System::clearProperty);
	}

	private void set(String name, String value) {
		this.settings.put(name, value);
		System.setProperty(name, value);
	}

	private String doctor(int expectedExit) {
		set("spring.datasource.url", "jdbc:h2:file:" + this.data.resolve("bastion")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		set("DATA_DIR", this.data.toString());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = new Doctor(BastionApplication.class, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
		String report = out.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(report).isEqualTo(expectedExit);
		return report;
	}

	@Test
	void aFreshDevelopmentSetupIsNotReadyAndSaysWhy() throws SQLException {
		String report = doctor(1);
		assertThat(report).contains("WARN  mode: development")
			.contains("FAIL  SECRET_KEY: not set")
			.contains("FAIL  HTTPS: no TLS_CERT_FILE and no TRUSTED_PROXIES")
			.contains("FAIL  administrator: none: enter the 'Bastion setup code'")
			.contains("WARN  REGISTRATION: open: anyone who reaches Bastion can sign up")
			.contains("PASS  audit chain")
			.contains("WARN  providers: only the built-in offline one")
			.contains("WARN  database: embedded H2")
			.contains("PASS  RATE_LIMIT_ENABLED: true")
			.contains("Not ready for production");
		// doctor opens no port, so it is no server to set up: it stores no setup code.
		try (Connection database = DriverManager.getConnection(System.getProperty("spring.datasource.url"), "bastion",
				""); ResultSet codes = database.createStatement().executeQuery("select count(*) from setup_codes")) {
			assertThat(codes.next()).isTrue();
			assertThat(codes.getLong(1)).isZero();
		}
	}

	@Test
	void aProductionSetupWithAnAdminAndAReachableProviderPasses() throws IOException {
		try (OpenAiStub model = new OpenAiStub("hi")) {
			set("SECRET_KEY", SECRET);
			set("TRUSTED_PROXIES", "10.0.0.0/8");
			set("PUBLIC_URL", "https://bastion.example.org");
			set("OPENAI_API_KEY", "sk-doctor-test-key");
			set("OPENAI_BASE_URL", model.baseUrl());
			set("OPENAI_MODEL", "stub-model");
			set("REGISTRATION", "invite");
			set("spring.datasource.url", "jdbc:h2:file:" + this.data.resolve("bastion")
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
			assertThat(new AdminCommandLine(BastionApplication.class,
					new ByteArrayInputStream("granite-willow-comet-85\n".getBytes(StandardCharsets.UTF_8)),
					new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
					new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
				.run("create-admin", "doctoradmin", "doctoradmin@example.org")).isZero();
			String report = doctor(0);
			assertThat(report).contains("PASS  SECRET_KEY: set")
				.contains("PASS  HTTPS: behind the proxy")
				.contains("PASS  administrator: 1 active")
				.contains("PASS  REGISTRATION: invite")
				.contains("PASS  provider openai: reachable, 1 models, stub-model among them")
				.contains("PASS  provider offline: built in")
				.contains("No failures")
				.doesNotContain(SECRET)
				.doesNotContain("sk-doctor-test-key");
		}
	}

	@Test
	void aPlaceholderJwtSecretKeyAndAPlainHttpPublicUrlAreFailures() {
		set("SECRET_KEY", SECRET);
		set("JWT_SECRET_KEY", "your-jwt-secret-key-change-me-in-production");
		set("PUBLIC_URL", "http://bastion.example.org");
		String report = doctor(1);
		assertThat(report).contains("FAIL  JWT_SECRET_KEY: looks like a placeholder")
			.contains("FAIL  PUBLIC_URL: http://bastion.example.org is not https://")
			.doesNotContain("your-jwt-secret-key-change-me-in-production");
		set("spring.profiles.active", "production");
		assertThat(doctor(1)).contains("FAIL  configuration: JWT_SECRET_KEY looks like a placeholder")
			.doesNotContain("your-jwt-secret-key-change-me-in-production");
		set("JWT_SECRET_KEY", "");
		assertThat(doctor(1)).contains("FAIL  configuration: PUBLIC_URL is not an https:// address in production");
	}

	@Test
	void aConfigurationBastionRefusesIsAFailure() {
		set("SECRET_KEY", "too-short-secret-1");
		String report = doctor(1);
		assertThat(report).contains("FAIL  configuration: SECRET_KEY is shorter than 32 bytes")
			.doesNotContain("too-short-secret-1");
	}

	@Test
	void portsTakenByTheRunningServiceDoNotStopIt() throws IOException {
		try (ServerSocket main = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				ServerSocket redirect = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				ServerSocket management = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			set("SECRET_KEY", SECRET);
			set("TLS_CERT_FILE", Tls.certificateFile());
			set("TLS_KEY_FILE", Tls.keyFile());
			set("SERVER_PORT", Integer.toString(main.getLocalPort()));
			set("HTTP_PORT", Integer.toString(redirect.getLocalPort()));
			set("MANAGEMENT_PORT", Integer.toString(management.getLocalPort()));
			String report = doctor(1);
			assertThat(report).doesNotContain("FAIL  configuration")
				.contains("PASS  HTTPS: built-in TLS")
				.contains("FAIL  administrator: none");
		}
	}

	@Test
	void everyInterfaceInAContainerIsRightButAManagementAddressBeyondLoopbackIsWarned() {
		set("server.address", "0.0.0.0");
		set("MANAGEMENT_ADDRESS", "0.0.0.0");
		set("container", "oci");
		assertThat(doctor(1))
			.contains("PASS  SERVER_ADDRESS: 0.0.0.0: every interface of the container (container=oci); "
					+ "publish the port on the host's loopback or behind a proxy")
			.contains("WARN  MANAGEMENT_ADDRESS: 0.0.0.0: health and metrics without authentication");
	}

	@Test
	void everyInterfaceOnAHostWithoutTlsIsWarned() {
		set("server.address", "0.0.0.0");
		set("container", "");
		assertThat(doctor(1)).contains("WARN  SERVER_ADDRESS: 0.0.0.0: every interface, without built-in TLS")
			.contains("PASS  MANAGEMENT_ADDRESS: 127.0.0.1");
	}

}
