/**
 * Bastion: a self-hosted AI assistant service that is safe to put on the internet.
 */
@NullMarked
package dev.bastion;

import org.jspecify.annotations.NullMarked;
