package dev.bastion.health;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.support.FreePorts;
import dev.bastion.support.Launcher;
import dev.bastion.support.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The image's HEALTHCHECK, {@link LivenessCheck}, against the real server in production
 * mode with built-in TLS and its plain redirect port: healthy only when {@code /livez}
 * answers {@code 200} from the server that holds the certificate it was told to trust.
 */
class LivenessCheckIntegrationTests {

	static ConfigurableApplicationContext bastion;

	static int port;

	static int httpPort;

	@TempDir
	static Path files;

	@BeforeAll
	static void start() throws IOException {
		httpPort = FreePorts.next();
		bastion = Launcher.start(Map.of("SECRET_KEY", "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9", "TLS_CERT_FILE",
				Tls.certificateFile(), "TLS_KEY_FILE", Tls.keyFile(), "HTTP_PORT", Integer.toString(httpPort),
				"DATA_DIR", files.resolve("data").toString(), "PUBLIC_URL", "https://localhost"), "production");
		port = Launcher.port(bastion);
	}

	@AfterAll
	static void stop() {
		bastion.close();
	}

	@Test
	void httpsWithTheServedCertificateIsHealthy() throws IOException {
		assertThat(check("SERVER_PORT", Integer.toString(port), "TLS_CERT_FILE", Tls.certificateFile()))
			.isEqualTo("0 GET /livez: 200");
	}

	@Test
	void wildcardAddressIsReachedThroughLoopback() throws IOException {
		assertThat(check("SERVER_ADDRESS", "0.0.0.0", "SERVER_PORT", Integer.toString(port), "TLS_CERT_FILE",
				Tls.certificateFile()))
			.isEqualTo("0 GET /livez: 200");
	}

	@Test
	void plainHttpProbeIsHealthyWhereProbesAreNotRedirected() {
		assertThat(check("SERVER_PORT", Integer.toString(httpPort))).isEqualTo("0 GET /livez: 200");
	}

	@Test
	void aServerWithAnotherCertificateIsNotTrusted() throws Exception {
		Path other = files.resolve("other.pem");
		Files.writeString(other, anyOtherCertificate());
		assertThat(check("SERVER_PORT", Integer.toString(port), "TLS_CERT_FILE", other.toString()))
			.isEqualTo("1 GET /livez: no answer (SSLHandshakeException)");
	}

	@Test
	void plainHttpToTheTlsPortIsNotHealthy() {
		assertThat(check("SERVER_PORT", Integer.toString(port))).startsWith("1 GET /livez: ");
	}

	@Test
	void nothingListeningIsNotHealthy() throws IOException {
		int closed = FreePorts.next();
		assertThat(check("SERVER_PORT", Integer.toString(closed)))
			.isEqualTo("1 GET /livez: no answer (ConnectException)");
	}

	@Test
	void anAnswerThatIsNot200IsNotHealthy() throws IOException {
		assertThat(LivenessCheck.statusCode(response("HTTP/1.1 503 Service Unavailable\r\n"))).isEqualTo(503);
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> LivenessCheck.statusCode(response("SSH-2.0-OpenSSH_9.2\r\n")));
	}

	private static ByteArrayInputStream response(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
	}

	/** Exit code and output of the check run with these environment variables. */
	private static String check(String... variables) {
		Map<String, String> environment = new HashMap<>();
		for (int i = 0; i < variables.length; i += 2) {
			environment.put(variables[i], variables[i + 1]);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = new LivenessCheck(environment).run(new PrintStream(out, true, StandardCharsets.UTF_8));
		return exit + " " + out.toString(StandardCharsets.UTF_8).strip();
	}

	/**
	 * A real certificate that is not the one Bastion serves: the JDK's first trusted CA.
	 */
	private static String anyOtherCertificate() throws Exception {
		KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
		try (var in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
			cacerts.load(in, null);
		}
		X509Certificate certificate = (X509Certificate) cacerts.getCertificate(cacerts.aliases().nextElement());
		return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
	}

}
