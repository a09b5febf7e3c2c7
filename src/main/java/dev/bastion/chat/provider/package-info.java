/**
 * Model back-ends behind one interface. {@code offline} is built in and needs no network.
 */
@NullMarked
package dev.bastion.chat.provider;

import org.jspecify.annotations.NullMarked;
