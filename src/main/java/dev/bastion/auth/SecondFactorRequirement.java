package dev.bastion.auth;

import dev.bastion.account.Account;
import dev.bastion.account.Role;

/** {@code REQUIRE_2FA}: whose accounts must have a second factor. */
enum SecondFactorRequirement {

	OFF, ADMINS, ALL;

	boolean covers(Account account) {
		return switch (this) {
			case OFF -> false;
			case ADMINS -> account.role() == Role.ADMIN;
			case ALL -> true;
		};
	}

}
