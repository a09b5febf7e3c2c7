package dev.bastion.support;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;

/**
 * Chromium's virtual WebAuthn authenticator, attached to one page through the DevTools
 * protocol: a platform authenticator (CTAP2, internal transport) that keeps discoverable
 * credentials and verifies its user (as a fingerprint or PIN would) without anyone there.
 * Its credentials can be read back, private keys included, to act as an attacker who
 * copied one.
 */
public final class VirtualAuthenticator {

	private final CDPSession cdp;

	private final String id;

	private VirtualAuthenticator(CDPSession cdp, String id) {
		this.cdp = cdp;
		this.id = id;
	}

	public static VirtualAuthenticator attach(Page page) {
		CDPSession cdp = page.context().newCDPSession(page);
		cdp.send("WebAuthn.enable");
		JsonObject options = new JsonObject();
		options.addProperty("protocol", "ctap2");
		options.addProperty("transport", "internal");
		options.addProperty("hasResidentKey", true);
		options.addProperty("hasUserVerification", true);
		options.addProperty("isUserVerified", true);
		options.addProperty("automaticPresenceSimulation", true);
		JsonObject arguments = new JsonObject();
		arguments.add("options", options);
		String id = cdp.send("WebAuthn.addVirtualAuthenticator", arguments).get("authenticatorId").getAsString();
		return new VirtualAuthenticator(cdp, id);
	}

	/** The credentials the authenticator holds. */
	public List<Credential> credentials() {
		JsonObject arguments = new JsonObject();
		arguments.addProperty("authenticatorId", this.id);
		List<Credential> credentials = new ArrayList<>();
		for (JsonElement element : this.cdp.send("WebAuthn.getCredentials", arguments).getAsJsonArray("credentials")) {
			JsonObject credential = element.getAsJsonObject();
			credentials.add(new Credential(decode(credential.get("credentialId").getAsString()),
					decode(credential.get("privateKey").getAsString()),
					credential.has("userHandle") ? decode(credential.get("userHandle").getAsString()) : null,
					credential.get("signCount").getAsLong()));
		}
		return credentials;
	}

	/** The only credential the authenticator holds. */
	public Credential credential() {
		List<Credential> credentials = credentials();
		if (credentials.size() != 1) {
			throw new IllegalStateException("expected one credential, found " + credentials.size());
		}
		return credentials.get(0);
	}

	private static byte[] decode(String base64) {
		return Base64.getDecoder().decode(base64);
	}

	/**
	 * A credential as the authenticator keeps it.
	 *
	 * @param id the credential id
	 * @param privateKey its private key, PKCS #8
	 * @param userHandle the user handle the relying party gave
	 * @param signCount its signature counter
	 */
	public record Credential(byte[] id, byte[] privateKey, byte[] userHandle, long signCount) {

		public String idBase64Url() {
			return Base64.getUrlEncoder().withoutPadding().encodeToString(this.id);
		}

	}

}
