/**
 * App-wide wiring: the mapping of Bastion's environment variables, modern TLS, the error
 * vocabulary shared by every module, and start-up refusal of insecure settings.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.bastion.system;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
