package dev.bastion.crypto;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.bastion.system.Secret;

/**
 * The master secret.
 *
 * @param secretKey Master secret, at least 32 bytes, from which token-hashing,
 * encryption, device-token and audit-chain keys are derived: never change it (see [What
 * {@code SECRET_KEY} protects](security-model.md#what-secret_key-protects)). Missing:
 * refused in production; in development generated once into {@code $DATA_DIR/secret.key}
 * (owner-only), with a warning. Shorter than 32 bytes or placeholder-like ({@code
 * changeme}, {@code your-secret-key-here}, fewer than 10 distinct characters, ...):
 * refused in any mode. Generate with {@code openssl rand -hex 32}.
 * @param allowGenerated whether a missing secret may be replaced by a generated one
 * (false in production)
 * @param generatedKeyFile where the generated development secret is kept (owner-only),
 * beside the development database
 */
@ConfigurationProperties("bastion.secrets")
@Validated
public record SecretProperties(@Nullable Secret secretKey, @DefaultValue("true") boolean allowGenerated,
		Path generatedKeyFile) {

}
