/**
 * Proving who a caller is: login with lockout that cannot lock the real user out, refresh
 * token rotation with reuse detection, logout, password change and reset, TOTP, API keys,
 * sessions; {@code token} holds the JWT signing keys and verification.
 */
@NullMarked
package dev.bastion.auth;

import org.jspecify.annotations.NullMarked;
