package dev.bastion.support;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.core.io.ClassPathResource;

/**
 * The test-only self-signed certificate for localhost, and a client context trusting it.
 */
public final class Tls {

	private Tls() {
	}

	public static String certificateFile() throws IOException {
		return new ClassPathResource("tls/localhost.crt").getFile().getAbsolutePath();
	}

	public static String keyFile() throws IOException {
		return new ClassPathResource("tls/localhost.key").getFile().getAbsolutePath();
	}

	public static SSLContext trustingTestCertificate(String protocol) throws IOException, GeneralSecurityException {
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		try (InputStream certificate = new ClassPathResource("tls/localhost.crt").getInputStream()) {
			trust.setCertificateEntry("localhost",
					CertificateFactory.getInstance("X.509").generateCertificate(certificate));
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext context = SSLContext.getInstance(protocol);
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

}
