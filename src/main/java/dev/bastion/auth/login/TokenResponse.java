package dev.bastion.auth.login;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import dev.bastion.account.Profile;
import dev.bastion.system.Secret;

/**
 * The body of a successful login or refresh.
 *
 * @param deviceToken proof that this client has logged in before; send it with later
 * logins so that a lock caused by someone else does not stop you. Only a full login gives
 * one: absent from a refresh's body.
 */
public record TokenResponse(Secret accessToken, Secret refreshToken, String tokenType, long expiresIn,
		long refreshExpiresIn, Profile user, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Secret deviceToken) {

}
