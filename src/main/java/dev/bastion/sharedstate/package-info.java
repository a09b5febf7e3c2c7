/**
 * The state several instances must share (rate-limit buckets, revocations, lockouts,
 * intrusion counters, bans, the emergency switch, the reply cache) behind a few small
 * interfaces, each kept in this instance's memory or, when {@code REDIS_URL} is set, in
 * Redis, chosen once at start-up; {@code REDIS_FAILURE_POLICY} decides, in one place,
 * what happens while Redis is away. No other module knows Redis is there.
 */
@ApplicationModule(allowedDependencies = { "system", "audit" })
@NullMarked
package dev.bastion.sharedstate;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
