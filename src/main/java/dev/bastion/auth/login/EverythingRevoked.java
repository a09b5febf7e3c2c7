package dev.bastion.auth.login;

import java.util.UUID;

/**
 * Every credential of the account was revoked ({@link Logins#revokeEverything}): what
 * other parts keep for it (linked identities) goes too.
 *
 * @param accountId the account
 */
public record EverythingRevoked(UUID accountId) {

}
