/**
 * Logins once made: their refresh-token families, the browser's stored login, the
 * revocation checks every authenticated request makes, and which login a request's
 * credential belongs to.
 */
@NullMarked
package dev.bastion.auth.session;

import org.jspecify.annotations.NullMarked;
