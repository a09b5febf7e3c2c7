/**
 * Passwords: the owner's change and the forgotten-password reset by an e-mailed
 * single-use link, both ending the account's other logins.
 */
@NullMarked
package dev.bastion.auth.reset;

import org.jspecify.annotations.NullMarked;
