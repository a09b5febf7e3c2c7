/**
 * Proving who a caller is: login with lockout that cannot lock the real user out, refresh
 * token rotation with reuse detection, logout, password change and reset, TOTP, API keys,
 * sessions; {@code token} holds the JWT signing keys and verification.
 */
@ApplicationModule(allowedDependencies = { "system", "crypto", "audit", "account", "sharedstate", "websession" })
@NullMarked
package dev.bastion.auth;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
