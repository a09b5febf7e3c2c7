package dev.bastion.auth.passkey;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Who passkeys are made for, derived from {@code PUBLIC_URL}: the relying-party id is its
 * host name, the one origin allowed is its scheme, host and port. An authenticator signs
 * both, so an assertion made for another site (a phishing page) never verifies here.
 *
 * @param id the relying-party id, a domain name
 * @param origin the only origin whose ceremonies are accepted
 */
record RelyingParty(String id, String origin) {

	/** Browsers refuse an IP address as relying-party id. */
	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	/**
	 * The relying party of {@code publicUrl}, or null when none can be derived: no host,
	 * an IP address, or plain HTTP anywhere but {@code localhost} (browsers offer
	 * WebAuthn only in a secure context).
	 */
	static @Nullable RelyingParty of(URI publicUrl) {
		String host = publicUrl.getHost();
		String scheme = (publicUrl.getScheme() != null) ? publicUrl.getScheme().toLowerCase(Locale.ROOT) : "";
		if (host == null || host.isEmpty() || host.startsWith("[") || IPV4.matcher(host).matches()) {
			return null;
		}
		String name = host.toLowerCase(Locale.ROOT);
		boolean local = name.equals("localhost") || name.endsWith(".localhost");
		if (!scheme.equals("https") && !(scheme.equals("http") && local)) {
			return null;
		}
		int port = publicUrl.getPort();
		boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443)
				|| (scheme.equals("http") && port == 80);
		return new RelyingParty(name, scheme + "://" + name + (defaultPort ? "" : ":" + port));
	}

}
