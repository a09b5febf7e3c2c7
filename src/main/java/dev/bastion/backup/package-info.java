/**
 * Backup, restore and upgrade: a portable, encrypted logical snapshot of the database
 * (taken while the service runs, restored into an empty H2 or PostgreSQL database), and
 * scheduled backups. Depends on {@code system} and {@code audit}.
 */
@ApplicationModule(allowedDependencies = { "system", "crypto", "audit" })
@NullMarked
package dev.bastion.backup;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
