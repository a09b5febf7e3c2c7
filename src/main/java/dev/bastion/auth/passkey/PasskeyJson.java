package dev.bastion.auth.passkey;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorAttestationResponse;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;

import dev.bastion.system.InvalidInputException;

/**
 * The WebAuthn JSON of browsers, read and written by Spring Security's own Jackson module
 * (base64url bytes, the names the WebAuthn API uses), apart from the application's
 * snake_case JSON.
 */
final class PasskeyJson {

	static final String CREDENTIAL = "credential";

	private static final JsonMapper MAPPER = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();

	private static final JavaType ASSERTION = MAPPER.getTypeFactory()
		.constructParametricType(PublicKeyCredential.class, AuthenticatorAssertionResponse.class);

	private static final JavaType ATTESTATION = MAPPER.getTypeFactory()
		.constructParametricType(PublicKeyCredential.class, AuthenticatorAttestationResponse.class);

	private PasskeyJson() {
	}

	/** Options for {@code navigator.credentials.create()} or {@code get()}. */
	static JsonNode write(Object options) {
		return MAPPER.valueToTree(options);
	}

	static PublicKeyCredential<AuthenticatorAssertionResponse> assertion(@Nullable JsonNode credential) {
		return read(credential, ASSERTION);
	}

	static PublicKeyCredential<AuthenticatorAttestationResponse> attestation(@Nullable JsonNode credential) {
		return read(credential, ATTESTATION);
	}

	private static <T> T read(@Nullable JsonNode credential, JavaType type) {
		if (credential == null || !credential.isObject()) {
			throw new InvalidInputException(CREDENTIAL, "is required");
		}
		try {
			T value = MAPPER.treeToValue(credential, type);
			if (value == null) {
				throw new InvalidInputException(CREDENTIAL, "is required");
			}
			return value;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new InvalidInputException(CREDENTIAL, "is not a WebAuthn credential");
		}
	}

}
