/**
 * Logging in: password (with the second step), passkey and single sign-on logins through
 * one lock and one audit trail, device tokens, refresh and logout, the browser's login
 * kept in its server-side session, the caller's list of logins, and {@code REQUIRE_2FA}'s
 * gate.
 */
@NullMarked
package dev.bastion.auth.login;

import org.jspecify.annotations.NullMarked;
