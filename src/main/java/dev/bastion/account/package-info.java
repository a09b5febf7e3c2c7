/**
 * Who a user is: registration, profile, password policy and hashing, export and erasure.
 */
@ApplicationModule(allowedDependencies = { "system", "crypto", "audit" })
@NullMarked
package dev.bastion.account;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
