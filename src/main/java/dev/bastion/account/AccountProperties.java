package dev.bastion.account;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.bastion.system.InsecureConfigurationException;

/**
 * Account rules.
 *
 * @param minPasswordLength Shortest password, in Unicode characters; below 8 is refused
 * at start-up.
 * @param maxPasswordLength Longest password; below {@code MIN_PASSWORD_LENGTH} or above
 * 1024 is refused at start-up.
 * @param minPasswordEntropy Least guessing entropy, in bits, nbvcxz must estimate for a
 * new password ({@code 0}: no entropy rule). Negative is refused.
 * @param passwordHistoryCount A new password may not equal any of the last this-many, the
 * current one included; at least 1.
 * @param hashingQueueTimeout How long password work waits for a hashing slot before
 * {@code 503 SERVICE_UNAVAILABLE}: logins without a device token, registrations, password
 * changes and resets and every re-authentication share all cores but one; logins with a
 * device token have their own lane (see [password hashing under a
 * flood](security-model.md#password-hashing-under-a-flood)).
 * @param registration Who may sign up ({@code approval} by default in production): {@code
 * open} (anyone, at once), {@code approval} (anyone, but the account is pending until an
 * administrator approves it), {@code invite} (only with an administrator's invite),
 * {@code closed} (nobody: {@code 403 REGISTRATION_CLOSED}). Case does not matter;
 * anything else is refused at start-up. See [Who may sign
 * up](security-model.md#who-may-sign-up).
 * @param localLogin {@code false} turns sign-in with a password or a passkey off (web and
 * API: {@code 403 LOCAL_LOGIN_DISABLED}, before any lookup or hashing), so that everyone
 * signs in through single sign-on, except the break-glass administrator below. Sign-up
 * with a password ({@code POST /api/v1/auth/register}) is refused the same way, and
 * {@code GET /api/v1/auth/registration} reports {@code closed}; {@code REGISTRATION}
 * still decides for single sign-on. Logins already made, refresh and API keys keep
 * working. Refused at start-up without {@code OIDC_ISSUER}.
 * @param localLoginBreakGlass With {@code LOCAL_LOGIN=false}, the username (not the
 * e-mail) of the one account that may still sign in with its password (and code) or
 * passkey, while it is an active administrator: the way in when the provider is down.
 * Unset, nobody (the CLI still works).
 */
@ConfigurationProperties("bastion.account")
@Validated
public record AccountProperties(@DefaultValue("8") int minPasswordLength, @DefaultValue("128") int maxPasswordLength,
		@DefaultValue("35") @PositiveOrZero double minPasswordEntropy,
		@DefaultValue("5") @Positive int passwordHistoryCount, @DefaultValue("1s") Duration hashingQueueTimeout,
		@DefaultValue("open") String registration, @DefaultValue("true") boolean localLogin,
		@Nullable String localLoginBreakGlass) {

	public AccountProperties {
		// Parsed here, not bound as an enum: Spring binds an empty value to an enum as
		// unset (its default), and an empty REGISTRATION must be refused, not open
		// sign-up.
		RegistrationMode.of(registration);
		if (minPasswordLength < 8 || maxPasswordLength < minPasswordLength || maxPasswordLength > 1024) {
			throw new InsecureConfigurationException("MIN_PASSWORD_LENGTH",
					"must be at least 8 and not above MAX_PASSWORD_LENGTH (at most 1024)",
					"Use the defaults (8 and 128) unless you have a reason.");
		}
		if (hashingQueueTimeout.isNegative()) {
			throw new InsecureConfigurationException("LOGIN_QUEUE_TIMEOUT", "is negative",
					"Use a duration such as 1s.");
		}
	}

	/** Who may sign up. */
	public RegistrationMode registrationMode() {
		return RegistrationMode.of(this.registration);
	}

}
