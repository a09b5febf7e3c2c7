package dev.bastion.account;

import java.util.UUID;

/**
 * A module's share of a user's data export ({@code GET /api/v1/users/me/export});
 * whatever it returns is serialised under {@link #section()}. Never include a secret or a
 * hash.
 */
public interface ExportContributor {

	String section();

	Object export(UUID accountId);

}
