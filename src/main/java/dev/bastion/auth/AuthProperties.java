package dev.bastion.auth;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.system.Secret;

/**
 * Login and token settings.
 *
 * @param accessTokenTtl Lifetime of an access token, at least 1 ms; a retired signing key
 * stays loaded this long plus {@code SIGNING_KEY_RELOAD_INTERVAL} plus 30 s, then is
 * dropped from memory.
 * @param refreshTokenTtl Lifetime of a login (refresh-token family), from the login;
 * refreshing does not extend it. At least 1 ms.
 * @param jwtSecretKey An HS256 signing key of at least 32 bytes (shorter is refused;
 * placeholder-like, by the rule of {@code SECRET_KEY}, is refused in production). Unset
 * (recommended): ES256 keys are generated, stored encrypted and rotatable.
 * @param maxLoginAttempts Failures within {@code LOGIN_FAILURE_WINDOW} that lock a key
 * (see [Lockout](security-model.md#lockout-without-locking-out-the-real-user)); below 1
 * is refused.
 * @param lockoutDuration How long a lock lasts; at least 1 ms.
 * @param lockoutWindow How long a failed login counts towards a lock; at least 1 ms.
 * @param passwordResetTtl Lifetime of a password-reset link; at least 1 ms.
 * @param publicUrl Where users reach Bastion; reset links are {@code
 * <PUBLIC_URL>/reset-password#token=...} (a path in it is dropped), and plain HTTP is
 * redirected to its host (and its port, when it is {@code https://}), never to the {@code
 * Host} a client sends. Production refuses to start unless it is an {@code https://}
 * address; anything but an absolute URL with a host is refused in any mode. It also makes
 * the passkey relying party: the host name is the relying-party id and scheme, host and
 * port the one accepted origin (a path is ignored). An IP address names none (browsers
 * refuse it), nor does plain HTTP anywhere but {@code localhost}: passkeys are then off
 * in development, and production refuses to start. For passkeys in development use {@code
 * http://localhost:8080}.
 * @param mailFrom Sender of Bastion's e-mails; blank is refused.
 * @param maxApiKeys Live (unrevoked, unexpired) [API keys](api.md#api-keys) an account
 * may hold; one more is {@code 409 CONFLICT}. Below 1 is refused at start-up.
 * @param maxDeviceTokens Devices an account
 * [trusts](security-model.md#lockout-without-locking-out-the-real-user) at once; a full
 * login from a new device beyond it drops the least recently used one. Below 1 is refused
 * at start-up.
 * @param signingKeyReload How often each instance reloads the signing keys from the
 * database: a rotation made through another instance or the CLI (a new signer, a key
 * rotated out as compromised) reaches it within this interval plus one query. 1 s to 60
 * s, anything else is refused.
 * @param requireSecondFactor Who must have a second factor (TOTP or a passkey) before
 * doing anything else: {@code off}, {@code admins} or {@code all}; see [the security
 * model](security-model.md#second-factors-the-administrator-can-require). Any other value
 * is refused at start-up.
 * @param webSessionAbsolute The web UI's session (and its login) ends this long after
 * logging in, however active.
 * @param maxLogins Live logins (refresh-token sessions, web UI sessions included) an
 * account may have at once; a login beyond it ends the least recently used one, whose
 * refresh token then answers {@code 401 TOKEN_REVOKED}. Below 1 is refused at start-up.
 */
@ConfigurationProperties("bastion.auth")
@Validated
public record AuthProperties(@DefaultValue("1h") @DurationMin(millis = 1) Duration accessTokenTtl,
		@DefaultValue("30d") @DurationMin(millis = 1) Duration refreshTokenTtl, @Nullable Secret jwtSecretKey,
		@DefaultValue("5") int maxLoginAttempts, @DefaultValue("30m") @DurationMin(millis = 1) Duration lockoutDuration,
		@DefaultValue("30m") @DurationMin(millis = 1) Duration lockoutWindow,
		@DefaultValue("30m") @DurationMin(millis = 1) Duration passwordResetTtl,
		@DefaultValue("http://127.0.0.1:8080") URI publicUrl,
		@DefaultValue("bastion@localhost") @NotBlank String mailFrom, @DefaultValue("20") int maxApiKeys,
		@DefaultValue("10") int maxDeviceTokens, @DefaultValue(DEFAULT_SIGNING_KEY_RELOAD) Duration signingKeyReload,
		@DefaultValue("off") SecondFactorRequirement requireSecondFactor,
		@DefaultValue("12h") Duration webSessionAbsolute, @DefaultValue("100") int maxLogins) {

	/** Also the default of the reload's schedule, which is read before this record. */
	public static final String DEFAULT_SIGNING_KEY_RELOAD = "5s";

	static final int MIN_SECRET_BYTES = 32;

	private static final Duration MIN_RELOAD = Duration.ofSeconds(1);

	private static final Duration MAX_RELOAD = Duration.ofSeconds(60);

	public AuthProperties {
		if (jwtSecretKey != null && !jwtSecretKey.isBlank() && jwtSecretKey.bytes().length < MIN_SECRET_BYTES) {
			throw new InsecureConfigurationException("JWT_SECRET_KEY", "is shorter than 32 bytes",
					"Use at least 32 random bytes (`openssl rand -hex 32`), or leave it unset for rotatable keys.");
		}
		if (maxLoginAttempts < 1) {
			throw new InsecureConfigurationException("MAX_LOGIN_ATTEMPTS", "must be at least 1",
					"Use the default of 5.");
		}
		if (maxApiKeys < 1) {
			throw new InsecureConfigurationException("MAX_API_KEYS", "must be at least 1", "Use the default of 20.");
		}
		if (maxDeviceTokens < 1) {
			throw new InsecureConfigurationException("MAX_DEVICE_TOKENS", "must be at least 1",
					"Use the default of 10.");
		}
		if (maxLogins < 1) {
			throw new InsecureConfigurationException("MAX_LOGINS", "must be at least 1", "Use the default of 100.");
		}
		if (signingKeyReload.compareTo(MIN_RELOAD) < 0 || signingKeyReload.compareTo(MAX_RELOAD) > 0) {
			throw new InsecureConfigurationException("SIGNING_KEY_RELOAD_INTERVAL", "must be from 1s to 60s",
					"It bounds how long a key rotated out as compromised still works elsewhere; use the default of 5s.");
		}
	}

	boolean staticSigningKey() {
		return this.jwtSecretKey != null && !this.jwtSecretKey.isBlank();
	}

	/** Whether {@code PUBLIC_URL} is an absolute {@code https://} address. */
	public boolean httpsPublicUrl() {
		return "https".equalsIgnoreCase(this.publicUrl.getScheme()) && this.publicUrl.getHost() != null;
	}

}
