package dev.bastion.auth.totp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.bastion.crypto.Secrets;
import dev.bastion.crypto.UnboundCiphertexts;
import dev.bastion.crypto.UnreadableSecretException;

/**
 * TOTP secrets stored before they were bound to their account: re-encrypted with
 * {@link SecondFactor#context} by migration V8.
 */
@Component
class TotpSecretBinding implements UnboundCiphertexts {

	private static final Logger logger = LoggerFactory.getLogger(TotpSecretBinding.class);

	private final Secrets secrets;

	TotpSecretBinding(Secrets secrets) {
		this.secrets = secrets;
	}

	@Override
	public int bind(Connection connection) throws SQLException {
		Map<UUID, String> unbound = new LinkedHashMap<>();
		try (PreparedStatement select = connection
			.prepareStatement("select id, totp_secret from accounts where totp_secret is not null");
				ResultSet rows = select.executeQuery()) {
			while (rows.next()) {
				String stored = rows.getString("totp_secret");
				if (Secrets.isUnbound(stored)) {
					unbound.put(rows.getObject("id", UUID.class), stored);
				}
			}
		}
		int bound = 0;
		try (PreparedStatement update = connection
			.prepareStatement("update accounts set totp_secret = ? where id = ?")) {
			for (Map.Entry<UUID, String> secret : unbound.entrySet()) {
				try {
					update.setString(1, this.secrets.bind(secret.getValue(), SecondFactor.context(secret.getKey())));
					update.setObject(2, secret.getKey());
					bound += update.executeUpdate();
				}
				catch (UnreadableSecretException ex) {
					// Left as it is: refused like any value that does not open.
				}
			}
		}
		if (bound < unbound.size()) {
			logger.warn("{} stored TOTP secret(s) do not open and were left as they are; those accounts need a "
					+ "recovery code to log in", unbound.size() - bound);
		}
		return bound;
	}

}
