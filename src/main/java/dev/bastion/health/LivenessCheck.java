package dev.bastion.health;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The container image's {@code HEALTHCHECK}:
 * {@code java -cp /app/bastion.jar dev.bastion.health.LivenessCheck} asks the running
 * service for {@code /livez} on its own address and port, the way the service reads them
 * ({@code SERVER_ADDRESS}, {@code SERVER_PORT}), and exits 0 on {@code 200}, 1 otherwise.
 * With built-in TLS ({@code TLS_CERT_FILE}) it speaks HTTPS and trusts exactly the
 * certificates in that file, so it works whatever name the certificate is for. It uses
 * the JDK alone: the image needs no curl, and it starts in a fraction of a second.
 */
public final class LivenessCheck {

	private static final int TIMEOUT_MILLIS = 4000;

	private static final int DEFAULT_PORT = 8080;

	private final Map<String, String> environment;

	LivenessCheck(Map<String, String> environment) {
		this.environment = environment;
	}

	public static void main(String[] args) {
		System.exit(new LivenessCheck(System.getenv()).run(System.out));
	}

	/** Prints one line saying what {@code /livez} answered; returns the exit code. */
	int run(PrintStream out) {
		try {
			int status = status();
			out.println("GET /livez: " + status);
			return (status == 200) ? 0 : 1;
		}
		catch (IOException | GeneralSecurityException | IllegalArgumentException ex) {
			out.println("GET /livez: no answer (" + ex.getClass().getSimpleName() + ")");
			return 1;
		}
	}

	private int status() throws IOException, GeneralSecurityException {
		String certificate = this.environment.getOrDefault("TLS_CERT_FILE", "");
		SocketFactory sockets = certificate.isBlank() ? SocketFactory.getDefault()
				: trusting(Path.of(certificate)).getSocketFactory();
		try (Socket socket = sockets.createSocket()) {
			socket.connect(new InetSocketAddress(host(), port()), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			OutputStream request = socket.getOutputStream();
			request.write("GET /livez HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			request.flush();
			return statusCode(socket.getInputStream());
		}
	}

	/** The status of an HTTP/1.1 status line such as {@code HTTP/1.1 200 }. */
	static int statusCode(InputStream response) throws IOException {
		String line = new BufferedReader(new InputStreamReader(response, StandardCharsets.US_ASCII)).readLine();
		if (line == null || !line.startsWith("HTTP/1.1 ") || line.length() < 12) {
			throw new IOException("not an HTTP/1.1 response");
		}
		try {
			return Integer.parseInt(line.substring(9, 12));
		}
		catch (NumberFormatException ex) {
			throw new IOException("no status code in the response", ex);
		}
	}

	/** A wildcard bind address is reached through loopback, inside the same host. */
	String host() {
		String address = this.environment.getOrDefault("SERVER_ADDRESS", "").strip();
		return switch (address) {
			case "", "0.0.0.0" -> "127.0.0.1";
			case "::", "[::]", "::0" -> "::1";
			default -> address;
		};
	}

	int port() {
		String port = this.environment.getOrDefault("SERVER_PORT", "").strip();
		return port.isEmpty() ? DEFAULT_PORT : Integer.parseInt(port);
	}

	/** TLS that trusts the certificates of the given PEM file and nothing else. */
	private static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
		KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
		trusted.load(null, null);
		try (InputStream in = Files.newInputStream(pem)) {
			int index = 0;
			for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
				trusted.setCertificateEntry("served-" + index++, certificate);
			}
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
