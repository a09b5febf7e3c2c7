package dev.bastion.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.support.FreePorts;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;
import dev.bastion.support.RawHttp;
import dev.bastion.support.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Production mode terminating TLS itself (TLS_CERT_FILE, TLS_KEY_FILE), with a plain
 * HTTP_PORT that only redirects.
 */
class BuiltInTlsIntegrationTests {

	static ConfigurableApplicationContext bastion;

	static int port;

	static int httpPort;

	@BeforeAll
	static void start() throws IOException {
		httpPort = FreePorts.next();
		int tlsPort = FreePorts.next();
		bastion = Launcher.start(
				Map.of("SECRET_KEY", "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9", "SERVER_PORT",
						Integer.toString(tlsPort), "PUBLIC_URL", "https://localhost:" + tlsPort, "TLS_CERT_FILE",
						Tls.certificateFile(), "TLS_KEY_FILE", Tls.keyFile(), "HTTP_PORT", Integer.toString(httpPort)),
				"production");
		port = Launcher.port(bastion);
	}

	@AfterAll
	static void stop() {
		bastion.close();
	}

	@Test
	void httpsIsServedWithHstsOverTls13AndTls12() throws Exception {
		for (String protocol : new String[] { "TLSv1.3", "TLSv1.2" }) {
			Http https = new Http("https://localhost:" + port, Tls.trustingTestCertificate(protocol));
			HttpResponse<String> response = https.get("/api/v1/health");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Strict-Transport-Security"))
				.hasValue("max-age=31536000; includeSubDomains");
			EdgeIntegrationTests.assertSecurityHeaders(response, EdgeIntegrationTests.JSON_CSP);
		}
	}

	@Test
	void plainPortOnlyRedirectsToTheTlsPort() {
		HttpResponse<String> response = Http.local(httpPort).get("/api/v1/health?x=1");
		assertThat(response.statusCode()).isEqualTo(301);
		assertThat(response.headers().firstValue("Location"))
			.hasValue("https://localhost:" + port + "/api/v1/health?x=1");
		assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
		assertThat(response.body()).isEmpty();
		HttpResponse<String> page = Http.local(httpPort).get("/");
		assertThat(page.statusCode()).isEqualTo(301);
		assertThat(page.body()).doesNotContain("Bastion");
	}

	/**
	 * The target is PUBLIC_URL's host and port, never the client's Host.
	 */
	@Test
	void aForgedHostHeaderIsNeverTheRedirectTarget() {
		String answer = RawHttp.exchange(httpPort, "GET /x HTTP/1.1\r\nHost: evil.example");
		assertThat(RawHttp.status(answer)).isEqualTo(301);
		assertThat(RawHttp.header(answer, "Location")).hasValue("https://localhost:" + port + "/x");
	}

	@Test
	void weakCipherSuitesAreRefused() throws Exception {
		assertHandshakeFails("TLS_RSA_WITH_AES_128_CBC_SHA");
		assertHandshakeFails("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
		assertHandshakeFails("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
	}

	private static void assertHandshakeFails(String cipher) throws IOException, GeneralSecurityException {
		try (SSLSocket socket = (SSLSocket) Tls.trustingTestCertificate("TLS")
			.getSocketFactory()
			.createSocket("localhost", port)) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setProtocols(new String[] { "TLSv1.2" });
			parameters.setCipherSuites(new String[] { cipher });
			socket.setSSLParameters(parameters);
			assertThatExceptionOfType(SSLHandshakeException.class).as(cipher).isThrownBy(socket::startHandshake);
		}
	}

}
