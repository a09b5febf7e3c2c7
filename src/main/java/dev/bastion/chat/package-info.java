/**
 * Conversations with a language model: sessions whose context lives only in memory,
 * bounded input, a daily token budget per user, replies as JSON or server-sent events.
 * {@code provider} holds the model back-ends.
 */
@ApplicationModule(allowedDependencies = { "system", "crypto", "audit", "account", "sharedstate" })
@NullMarked
package dev.bastion.chat;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
