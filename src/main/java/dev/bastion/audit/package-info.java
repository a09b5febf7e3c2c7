/**
 * Security events: every {@link dev.bastion.system.SecurityEvent} goes to the
 * {@code security} log stream with the request's id, client address and user agent.
 * Depends on nobody but {@code system}.
 */
@NullMarked
package dev.bastion.audit;

import org.jspecify.annotations.NullMarked;
