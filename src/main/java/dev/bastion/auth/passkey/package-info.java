/**
 * Passkeys with Spring Security's WebAuthn support: registration, the relying party,
 * single-use challenges, and verifying assertions for a passkey login or second step.
 */
@NullMarked
package dev.bastion.auth.passkey;

import org.jspecify.annotations.NullMarked;
