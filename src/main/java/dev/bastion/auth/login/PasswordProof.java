package dev.bastion.auth.login;

import java.util.Optional;
import java.util.UUID;

import dev.bastion.account.Account;

/**
 * A password (and code) {@link Logins#prove} found right: whose, and which lock it was
 * checked under.
 */
record PasswordProof(Account account, String lockKey, Optional<UUID> device) {

}
