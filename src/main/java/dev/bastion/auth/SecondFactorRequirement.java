package dev.bastion.auth;

import dev.bastion.account.Account;
import dev.bastion.account.Role;

/** {@code REQUIRE_2FA}: whose accounts must have a second factor. */
public enum SecondFactorRequirement {

	OFF, ADMINS, ALL;

	public boolean covers(Account account) {
		return switch (this) {
			case OFF -> false;
			case ADMINS -> account.role() == Role.ADMIN;
			case ALL -> true;
		};
	}

}
