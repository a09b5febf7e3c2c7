package dev.bastion.account;

/**
 * What an account may do: every account is a {@code USER}; an {@code ADMIN} also runs
 * incident response.
 */
public enum Role {

	USER, ADMIN

}
