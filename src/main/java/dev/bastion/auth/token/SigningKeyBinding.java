package dev.bastion.auth.token;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.bastion.crypto.Secrets;
import dev.bastion.crypto.UnboundCiphertexts;
import dev.bastion.crypto.UnreadableSecretException;

/**
 * The context of a stored signing key's private half, and the re-encryption of keys
 * stored before it was bound (migration V8).
 */
@Component
final class SigningKeyBinding implements UnboundCiphertexts {

	private static final Logger logger = LoggerFactory.getLogger(SigningKeyBinding.class);

	private final Secrets secrets;

	SigningKeyBinding(Secrets secrets) {
		this.secrets = secrets;
	}

	/** A private key opens only as the key of its own {@code kid}. */
	static String context(String kid) {
		return "signing_keys.private_key_encrypted/" + kid;
	}

	@Override
	public int bind(Connection connection) throws SQLException {
		Map<String, String> unbound = new LinkedHashMap<>();
		try (PreparedStatement select = connection
			.prepareStatement("select kid, private_key_encrypted from signing_keys");
				ResultSet rows = select.executeQuery()) {
			while (rows.next()) {
				String stored = rows.getString("private_key_encrypted");
				if (Secrets.isUnbound(stored)) {
					unbound.put(rows.getString("kid"), stored);
				}
			}
		}
		int bound = 0;
		try (PreparedStatement update = connection
			.prepareStatement("update signing_keys set private_key_encrypted = ? where kid = ?")) {
			for (Map.Entry<String, String> key : unbound.entrySet()) {
				try {
					update.setString(1, this.secrets.bind(key.getValue(), context(key.getKey())));
					update.setString(2, key.getKey());
					bound += update.executeUpdate();
				}
				catch (UnreadableSecretException ex) {
					// Left as it is: loading it refuses the start with the reason.
				}
			}
		}
		if (bound < unbound.size()) {
			logger.warn("{} stored signing key(s) do not open and were left as they are", unbound.size() - bound);
		}
		return bound;
	}

}
