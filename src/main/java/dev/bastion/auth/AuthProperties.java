package dev.bastion.auth;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.bastion.system.InsecureConfigurationException;

/**
 * Login and token settings.
 *
 * @param accessTokenTtl lifetime of an access token ({@code JWT_ACCESS_TOKEN_EXPIRES},
 * 1h)
 * @param refreshTokenTtl lifetime of a login's refresh tokens
 * ({@code JWT_REFRESH_TOKEN_EXPIRES}, 30d)
 * @param jwtSecretKey an HS256 signing key of at least 32 bytes ({@code JWT_SECRET_KEY});
 * blank means ES256 keys generated and stored encrypted, rotatable by {@code kid}
 * @param maxLoginAttempts failures before a lock ({@code MAX_LOGIN_ATTEMPTS}, 5)
 * @param lockoutDuration how long a lock lasts ({@code ACCOUNT_LOCKOUT_DURATION}, 30m)
 * @param lockoutWindow how long a failure counts ({@code LOGIN_FAILURE_WINDOW}, 30m)
 * @param passwordResetTtl lifetime of a reset link ({@code PASSWORD_RESET_TOKEN_EXPIRES},
 * 30m)
 * @param publicUrl the address users reach Bastion at, for links in e-mails
 * ({@code PUBLIC_URL})
 * @param mailFrom the sender of Bastion's e-mails ({@code MAIL_FROM})
 * @param maxApiKeys live (unrevoked, unexpired) API keys an account may hold
 * ({@code MAX_API_KEYS}, 20)
 * @param maxDeviceTokens devices an account trusts at once; a new one drops the least
 * recently used ({@code MAX_DEVICE_TOKENS}, 10)
 * @param signingKeyReload how often each instance reloads the signing keys from the
 * database, so that a rotation made elsewhere reaches it
 * ({@code SIGNING_KEY_RELOAD_INTERVAL}, 5s; 1s to 60s)
 * @param requireSecondFactor who must have a second factor (TOTP or a passkey) before
 * doing anything else ({@code REQUIRE_2FA}: off, admins or all; off)
 */
@ConfigurationProperties("bastion.auth")
public record AuthProperties(Duration accessTokenTtl, Duration refreshTokenTtl, @Nullable String jwtSecretKey,
		int maxLoginAttempts, Duration lockoutDuration, Duration lockoutWindow, Duration passwordResetTtl,
		URI publicUrl, String mailFrom, int maxApiKeys, int maxDeviceTokens, Duration signingKeyReload,
		SecondFactorRequirement requireSecondFactor) {

	static final int MIN_SECRET_BYTES = 32;

	private static final Duration MIN_RELOAD = Duration.ofSeconds(1);

	private static final Duration MAX_RELOAD = Duration.ofSeconds(60);

	public AuthProperties {
		if (jwtSecretKey != null && !jwtSecretKey.isBlank()
				&& jwtSecretKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
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

	@Override
	public String toString() {
		return "AuthProperties[accessTokenTtl=" + this.accessTokenTtl + ", jwtSecretKey=<redacted>]";
	}

}
