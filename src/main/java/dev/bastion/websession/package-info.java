/**
 * The web UI's sessions, kept in the database so that any instance serves any browser
 * (Spring Session over JDBC): a session id is stored only as a keyed hash, every value
 * only as AES-GCM ciphertext, and a session that ends, expired or deleted, is announced
 * so that the login it carried ends with it.
 */
@ApplicationModule(allowedDependencies = { "system", "crypto" })
@NullMarked
package dev.bastion.websession;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
