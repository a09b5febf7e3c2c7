package dev.bastion.auth.token;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.bastion.auth.AuthProperties;

/**
 * Reloads the signing keys from the database every {@code SIGNING_KEY_RELOAD_INTERVAL}:
 * how a rotation made on another instance or from the command line (a key rotated out as
 * compromised, a new signer) reaches this one, with or without Redis. Not started by the
 * command line, whose context creates beans only when used.
 */
@Component
class SigningKeyReload {

	private final SigningKeys keys;

	SigningKeyReload(SigningKeys keys) {
		this.keys = keys;
	}

	@Scheduled(
			fixedDelayString = "${bastion.auth.signing-key-reload:" + AuthProperties.DEFAULT_SIGNING_KEY_RELOAD + "}",
			initialDelayString = "${bastion.auth.signing-key-reload:" + AuthProperties.DEFAULT_SIGNING_KEY_RELOAD + "}")
	void reload() {
		this.keys.reload();
	}

}
