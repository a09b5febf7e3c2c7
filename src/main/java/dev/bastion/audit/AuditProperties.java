package dev.bastion.audit;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.system.Secret;

/**
 * The audit trail's settings.
 *
 * @param anchorFile Where each instance keeps the latest signed head of the audit chain
 * (owner-only), so that a chain cut off while it was stopped is still caught after a
 * restart (see [Audit trail](security-model.md#audit-trail)). Keep it on persistent
 * storage, ideally where the database's users cannot write.
 * @param anchorInterval How often the signed head is written to the {@code security} log
 * and to {@code AUDIT_ANCHOR_FILE} when it moved (also at shutdown); 1 s to 1 d, anything
 * else is refused.
 * @param alertWebhookUrl URL that receives every {@code CRITICAL} security event as a
 * JSON {@code POST} (see [Audit trail](security-model.md#audit-trail)). Unset: no alerts
 * are sent.
 * @param alertWebhookRetries Retries of a failed alert delivery, with back-off
 * ({@code 0}: none). Negative is refused.
 */
@ConfigurationProperties("bastion.audit")
@Validated
public record AuditProperties(Path anchorFile,
		@DefaultValue(AuditProperties.DEFAULT_ANCHOR_INTERVAL) Duration anchorInterval,
		@Nullable Secret alertWebhookUrl, @DefaultValue("3") @PositiveOrZero int alertWebhookRetries) {

	/** Also the default of the anchor's schedule, which is read before this record. */
	static final String DEFAULT_ANCHOR_INTERVAL = "10m";

	private static final Duration MIN_ANCHOR_INTERVAL = Duration.ofSeconds(1);

	private static final Duration MAX_ANCHOR_INTERVAL = Duration.ofDays(1);

	public AuditProperties {
		if (anchorInterval.compareTo(MIN_ANCHOR_INTERVAL) < 0 || anchorInterval.compareTo(MAX_ANCHOR_INTERVAL) > 0) {
			throw new InsecureConfigurationException("AUDIT_ANCHOR_INTERVAL", "must be from 1s to 1d",
					"Newer audit events than the last anchor can be cut off unnoticed after a restart: use the default of 10m.");
		}
	}

	/** Whether CRITICAL events are sent anywhere but the logs. */
	public boolean alerting() {
		return this.alertWebhookUrl != null && !this.alertWebhookUrl.isBlank();
	}

}
