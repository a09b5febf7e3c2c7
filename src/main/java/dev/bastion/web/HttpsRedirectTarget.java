package dev.bastion.web;

import java.net.URI;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Where a plain HTTP request is sent: never the {@code Host} the client named (a forged
 * one would make Bastion redirect to any site), but the host of {@code PUBLIC_URL}, or
 * without it the name in Bastion's own TLS certificate.
 *
 * @param host the host of every redirect
 * @param port the HTTPS port, 443 for none in the URL
 */
record HttpsRedirectTarget(String host, IntSupplier port) {

	static final int DEFAULT_HTTPS_PORT = 443;

	/** The last resort when neither a public URL nor a certificate names the service. */
	private static final String UNNAMED = "localhost";

	private static final int DNS_NAME = 2;

	/**
	 * @param publicUrl {@code PUBLIC_URL}, if set
	 * @param certificates the key store of built-in TLS, if on
	 * @param tlsPort the port of built-in TLS, read once it is known
	 */
	static HttpsRedirectTarget of(@Nullable URI publicUrl, @Nullable KeyStore certificates, IntSupplier tlsPort) {
		IntSupplier builtIn = (certificates != null) ? tlsPort : () -> DEFAULT_HTTPS_PORT;
		if (publicUrl != null && publicUrl.getHost() != null) {
			boolean https = "https".equalsIgnoreCase(publicUrl.getScheme());
			int port = (publicUrl.getPort() != -1) ? publicUrl.getPort() : DEFAULT_HTTPS_PORT;
			return new HttpsRedirectTarget(publicUrl.getHost(), https ? () -> port : builtIn);
		}
		String name = (certificates != null) ? certificateName(certificates).orElse(UNNAMED) : UNNAMED;
		return new HttpsRedirectTarget(name, builtIn);
	}

	/**
	 * The first DNS name among the server certificate's subject alternative names (where
	 * browsers look; its common name is not used).
	 */
	static Optional<String> certificateName(KeyStore store) {
		try {
			for (String alias : Collections.list(store.aliases())) {
				if (store.getCertificate(alias) instanceof X509Certificate certificate) {
					return dnsName(certificate);
				}
			}
			return Optional.empty();
		}
		catch (KeyStoreException ex) {
			return Optional.empty();
		}
	}

	private static Optional<String> dnsName(X509Certificate certificate) {
		try {
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			if (names == null) {
				return Optional.empty();
			}
			return names.stream()
				.filter((name) -> name.size() == 2 && Integer.valueOf(DNS_NAME).equals(name.get(0)))
				.map((name) -> String.valueOf(name.get(1)))
				.filter((name) -> !name.startsWith("*"))
				.findFirst();
		}
		catch (CertificateParsingException ex) {
			return Optional.empty();
		}
	}

}
