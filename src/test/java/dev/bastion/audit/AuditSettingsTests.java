package dev.bastion.audit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import dev.bastion.support.StartupCheck;

/**
 * Audit settings out of their range refuse the start: a negative number of alert retries,
 * an anchor interval outside 1 s to 1 d.
 */
class AuditSettingsTests {

	private static final StartupCheck AUDIT = StartupCheck.of(Settings.class);

	@Test
	void negativeAlertRetriesAreRefused() {
		AUDIT.assertRefused("ALERT_WEBHOOK_RETRIES must be greater than or equal to 0", "ALERT_WEBHOOK_RETRIES=-1");
	}

	@Test
	void anAnchorIntervalOutsideItsRangeIsRefused() {
		AUDIT.assertRefused("AUDIT_ANCHOR_INTERVAL must be from 1s to 1d", "AUDIT_ANCHOR_INTERVAL=0s");
	}

	@Test
	void noRetriesAndTheDefaultsPass() {
		AUDIT.inProduction().assertStarts("ALERT_WEBHOOK_RETRIES=0");
		AUDIT.inProduction().assertStarts();
	}

	@EnableConfigurationProperties(AuditProperties.class)
	static class Settings {

	}

}
