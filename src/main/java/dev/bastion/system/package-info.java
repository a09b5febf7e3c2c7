/**
 * App-wide wiring: the mapping of Bastion's environment variables, modern TLS, the error
 * vocabulary shared by every module, and start-up refusal of insecure settings.
 */
@NullMarked
package dev.bastion.system;

import org.jspecify.annotations.NullMarked;
