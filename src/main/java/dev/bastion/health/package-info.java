/**
 * The public health report: overall status and the state of the database and the other
 * parts the service depends on, with no versions, hosts, paths or secrets.
 */
@NullMarked
package dev.bastion.health;

import org.jspecify.annotations.NullMarked;
