/**
 * Cryptography in one place: the master secret ({@code SECRET_KEY}) and the keys derived
 * from it per purpose (HKDF-SHA256), AES-256-GCM ({@link dev.bastion.crypto.Aead}),
 * HMAC-SHA256 ({@link dev.bastion.crypto.Hmac}), the stored-secret format ({@code v2:}
 * bound to its column and owner) and its one-time upgrade (migration V8).
 */
@ApplicationModule(allowedDependencies = { "system" })
@NullMarked
package dev.bastion.crypto;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
