package dev.bastion.auth.login;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import dev.bastion.account.Profile;

/**
 * The body of a successful login or refresh.
 *
 * @param deviceToken proof that this client has logged in before; send it with later
 * logins so that a lock caused by someone else does not stop you. Only a full login gives
 * one: absent from a refresh's body.
 */
public record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn,
		long refreshExpiresIn, Profile user, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String deviceToken) {

	@Override
	public String toString() {
		return "TokenResponse[user=" + this.user.username() + "]";
	}

}
