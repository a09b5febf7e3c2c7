package dev.bastion.crypto;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The master secret.
 *
 * @param secretKey the master secret ({@code SECRET_KEY}), at least 32 bytes; blank means
 * "generate one for this run", which only development allows
 * @param allowGenerated whether a missing secret may be replaced by a generated one
 * (false in production)
 * @param generatedKeyFile where the generated development secret is kept (owner-only),
 * beside the development database
 */
@ConfigurationProperties("bastion.secrets")
record SecretProperties(String secretKey, boolean allowGenerated, Path generatedKeyFile) {

	@Override
	public String toString() {
		return "SecretProperties[secretKey=<redacted>, allowGenerated=" + this.allowGenerated + "]";
	}

}
