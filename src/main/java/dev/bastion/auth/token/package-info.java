/**
 * Access tokens: signing keys (generated, stored encrypted, rotatable by {@code kid}),
 * issuing, and verification with a pinned algorithm and revocation checks.
 */
@NullMarked
package dev.bastion.auth.token;

import org.jspecify.annotations.NullMarked;
