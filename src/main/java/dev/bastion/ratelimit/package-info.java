/**
 * How much a caller may do. This foundation holds the switch and refuses to run a
 * production service with rate limiting off; the limits themselves build on it.
 */
@NullMarked
package dev.bastion.ratelimit;

import org.jspecify.annotations.NullMarked;
