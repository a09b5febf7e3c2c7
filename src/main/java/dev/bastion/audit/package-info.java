/**
 * Security events: the API every module publishes them with
 * ({@link dev.bastion.audit.SecurityEvent} and its records), the {@code security} log
 * stream, and an append-only, hash-chained table whose chain can be verified. Depends on
 * nobody but {@code system} and {@code crypto}.
 */
@ApplicationModule(allowedDependencies = { "system", "crypto" })
@NullMarked
package dev.bastion.audit;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
