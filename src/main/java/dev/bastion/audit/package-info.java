/**
 * Security events: every {@link dev.bastion.system.SecurityEvent} goes to the
 * {@code security} log stream and to an append-only, hash-chained table whose chain can
 * be verified. Depends on nobody but {@code system}.
 */
@NullMarked
package dev.bastion.audit;

import org.jspecify.annotations.NullMarked;
