/**
 * How much a caller may do: token-bucket limits per client address and per user for each
 * class of endpoint (Bucket4j), the emergency global limit, and intrusion detection that
 * bans an address trying many passwords or many accounts.
 */
@ApplicationModule(allowedDependencies = { "system", "audit", "auth", "sharedstate", "web" })
@NullMarked
package dev.bastion.ratelimit;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
