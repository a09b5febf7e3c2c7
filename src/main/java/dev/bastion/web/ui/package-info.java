/**
 * The pages Bastion serves itself, rendered under a per-response nonce CSP.
 */
@NullMarked
package dev.bastion.web.ui;

import org.jspecify.annotations.NullMarked;
