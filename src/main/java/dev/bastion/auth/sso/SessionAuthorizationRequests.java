package dev.bastion.auth.sso;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * The authorization request in flight (its {@code state}, {@code nonce} and PKCE
 * verifier), kept in the browser's session as text, since the sealed session store keeps
 * nothing it would have to deserialize. One at a time: a new sign-in replaces it, and the
 * callback spends it, so a replayed callback finds nothing.
 */
final class SessionAuthorizationRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	static final String ATTRIBUTE = SessionAuthorizationRequests.class.getName();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
	};

	@Override
	public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		HttpSession session = request.getSession(false);
		if (state == null || session == null) {
			return null;
		}
		OAuth2AuthorizationRequest saved = read(session.getAttribute(ATTRIBUTE));
		// Spring compares the state too; the request is not even returned otherwise.
		return (saved != null && state.equals(saved.getState())) ? saved : null;
	}

	@Override
	public void saveAuthorizationRequest(@Nullable OAuth2AuthorizationRequest authorizationRequest,
			HttpServletRequest request, HttpServletResponse response) {
		if (authorizationRequest == null) {
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.removeAttribute(ATTRIBUTE);
			}
			return;
		}
		request.getSession(true).setAttribute(ATTRIBUTE, write(authorizationRequest));
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
			HttpServletResponse response) {
		OAuth2AuthorizationRequest found = loadAuthorizationRequest(request);
		if (found != null) {
			request.getSession().removeAttribute(ATTRIBUTE);
		}
		return found;
	}

	private static String write(OAuth2AuthorizationRequest request) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("authorization_uri", request.getAuthorizationUri());
		fields.put("client_id", request.getClientId());
		fields.put("redirect_uri", request.getRedirectUri());
		fields.put("scopes", request.getScopes());
		fields.put("state", request.getState());
		fields.put("additional_parameters", request.getAdditionalParameters());
		fields.put("attributes", request.getAttributes());
		fields.put("authorization_request_uri", request.getAuthorizationRequestUri());
		return JSON.writeValueAsString(fields);
	}

	private static @Nullable OAuth2AuthorizationRequest read(@Nullable Object attribute) {
		if (!(attribute instanceof String text)) {
			return null;
		}
		try {
			Map<String, Object> fields = JSON.readValue(text, FIELDS);
			return OAuth2AuthorizationRequest.authorizationCode()
				.authorizationUri(text(fields, "authorization_uri"))
				.clientId(text(fields, "client_id"))
				.redirectUri(text(fields, "redirect_uri"))
				.scopes(new LinkedHashSet<>(texts(fields.get("scopes"))))
				.state(text(fields, "state"))
				.additionalParameters(map(fields.get("additional_parameters")))
				.attributes(map(fields.get("attributes")))
				.authorizationRequestUri(text(fields, "authorization_request_uri"))
				.build();
		}
		catch (JacksonException | IllegalArgumentException ex) {
			// Not what this class wrote: no request is in flight.
			return null;
		}
	}

	private static String text(Map<String, Object> fields, String name) {
		if (fields.get(name) instanceof String value) {
			return value;
		}
		throw new IllegalArgumentException(name);
	}

	private static List<String> texts(@Nullable Object value) {
		if (!(value instanceof List<?> list)) {
			throw new IllegalArgumentException("scopes");
		}
		return list.stream().map(String::valueOf).toList();
	}

	private static Map<String, Object> map(@Nullable Object value) {
		if (!(value instanceof Map<?, ?> map)) {
			throw new IllegalArgumentException("map");
		}
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, entry) -> copy.put(String.valueOf(key), entry));
		return copy;
	}

}
