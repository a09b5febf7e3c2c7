/**
 * Incident response: the admin command line, which works against the database even when
 * the web server is down.
 */
@NullMarked
package dev.bastion.admin;

import org.jspecify.annotations.NullMarked;
