/**
 * Voice messages: a recording streamed to a private temp file, checked, transcribed by
 * the {@code openai} provider's speech-to-text, and answered by chat like a message.
 */
@ApplicationModule(allowedDependencies = { "system", "chat" })
@NullMarked
package dev.bastion.voice;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
