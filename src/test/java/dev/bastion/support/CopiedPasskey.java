package dev.bastion.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A passkey's private key copied out of an authenticator, signing WebAuthn assertions the
 * way an attacker holding it could: any challenge, origin, relying-party id, counter or
 * user handle, each correctly signed. A test first proves a faithful assertion is
 * accepted, so that a refused one is refused for the one thing it changed.
 */
public final class CopiedPasskey {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	/** User present and user verified. */
	private static final byte FLAGS = 0x05;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final VirtualAuthenticator.Credential credential;

	private final PrivateKey key;

	public CopiedPasskey(VirtualAuthenticator.Credential credential) {
		this.credential = credential;
		this.key = privateKey(credential.privateKey());
	}

	/** The key in whichever of the algorithms Bastion offers the authenticator chose. */
	private static PrivateKey privateKey(byte[] pkcs8) {
		for (String algorithm : new String[] { "Ed25519", "EC", "RSA" }) {
			try {
				return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
			}
			catch (GeneralSecurityException ex) {
				// Not this algorithm; try the next.
			}
		}
		throw new IllegalStateException("a private key of no algorithm Bastion offers");
	}

	private Signature signature() throws GeneralSecurityException {
		return switch (this.key.getAlgorithm()) {
			case "EC" -> Signature.getInstance("SHA256withECDSA");
			case "RSA" -> Signature.getInstance("SHA256withRSA");
			default -> Signature.getInstance("Ed25519");
		};
	}

	/** An assertion as the browser's JSON carries it. */
	public ObjectNode assertion(String challenge, String origin, String rpId, long counter, byte[] userHandle) {
		try {
			byte[] authenticatorData = ByteBuffer.allocate(37)
				.put(sha256(rpId.getBytes(StandardCharsets.UTF_8)))
				.put(FLAGS)
				.putInt((int) counter)
				.array();
			byte[] clientData = ("{\"type\":\"webauthn.get\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin
					+ "\",\"crossOrigin\":false}")
				.getBytes(StandardCharsets.UTF_8);
			Signature signature = signature();
			signature.initSign(this.key);
			signature.update(authenticatorData);
			signature.update(sha256(clientData));
			ObjectNode response = JSON.createObjectNode()
				.put("authenticatorData", BASE64URL.encodeToString(authenticatorData))
				.put("clientDataJSON", BASE64URL.encodeToString(clientData))
				.put("signature", BASE64URL.encodeToString(signature.sign()))
				.put("userHandle", BASE64URL.encodeToString(userHandle));
			ObjectNode assertion = JSON.createObjectNode()
				.put("id", this.credential.idBase64Url())
				.put("rawId", this.credential.idBase64Url())
				.put("type", "public-key");
			assertion.set("response", response);
			assertion.set("clientExtensionResults", JSON.createObjectNode());
			return assertion;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A faithful assertion with the passkey's own user handle. */
	public ObjectNode assertion(String challenge, String origin, String rpId, long counter) {
		return assertion(challenge, origin, rpId, counter, this.credential.userHandle());
	}

	private static byte[] sha256(byte[] data) throws GeneralSecurityException {
		return MessageDigest.getInstance("SHA-256").digest(data);
	}

}
