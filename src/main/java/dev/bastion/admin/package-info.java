/**
 * Incident response: the admin command line, which works against the database even when
 * the web server is down.
 */
@ApplicationModule(allowedDependencies = { "system", "crypto", "audit", "account", "auth", "backup", "chat",
		"ratelimit", "sharedstate", "web" })
@NullMarked
package dev.bastion.admin;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
