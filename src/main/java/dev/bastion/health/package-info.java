/**
 * The public health report: overall status and the state of the database and the other
 * parts the service depends on, with no versions, hosts, paths or secrets.
 */
@ApplicationModule(allowedDependencies = { "chat", "sharedstate" })
@NullMarked
package dev.bastion.health;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
