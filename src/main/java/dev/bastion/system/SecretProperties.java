package dev.bastion.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The master secret.
 *
 * @param secretKey the master secret ({@code SECRET_KEY}), at least 32 bytes; blank means
 * "generate one for this run", which only development allows
 * @param allowGenerated whether a missing secret may be replaced by an ephemeral one
 * (false in production)
 */
@ConfigurationProperties("bastion.secrets")
record SecretProperties(String secretKey, boolean allowGenerated) {

	@Override
	public String toString() {
		return "SecretProperties[secretKey=<redacted>, allowGenerated=" + this.allowGenerated + "]";
	}

}
