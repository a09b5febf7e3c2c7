/**
 * API keys for programs: made after re-authentication, stored as keyed hashes, accepted
 * as Bearer credentials that may only chat.
 */
@NullMarked
package dev.bastion.auth.apikey;

import org.jspecify.annotations.NullMarked;
