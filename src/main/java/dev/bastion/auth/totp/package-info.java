/**
 * The TOTP second factor: setup with a QR code, single-use codes and recovery codes, and
 * re-authentication (password, and code when on) before a lasting credential is made.
 */
@NullMarked
package dev.bastion.auth.totp;

import org.jspecify.annotations.NullMarked;
