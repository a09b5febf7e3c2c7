/**
 * Who a user is: registration, profile, password policy and hashing, export and erasure.
 */
@NullMarked
package dev.bastion.account;

import org.jspecify.annotations.NullMarked;
