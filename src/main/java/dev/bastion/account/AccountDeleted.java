package dev.bastion.account;

import java.util.UUID;

/**
 * An account and everything stored for it was erased.
 */
public record AccountDeleted(UUID accountId, String username) {

}
