package dev.bastion.auth.login;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Where a request came from, as the edge determined it.
 */
public record ClientInfo(String ip, @Nullable String userAgent) {

	public static ClientInfo of(HttpServletRequest request) {
		return new ClientInfo(request.getRemoteAddr(), request.getHeader("User-Agent"));
	}

}
