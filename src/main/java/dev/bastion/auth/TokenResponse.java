package dev.bastion.auth;

import dev.bastion.account.Profile;

/**
 * The body of a successful login or refresh.
 *
 * @param deviceToken proof that this client has logged in before; send it with later
 * logins so that a lock caused by someone else does not stop you
 */
record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn, long refreshExpiresIn,
		Profile user, String deviceToken) {

	@Override
	public String toString() {
		return "TokenResponse[user=" + this.user.username() + "]";
	}

}
