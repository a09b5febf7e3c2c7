package dev.bastion.auth;

/**
 * What marks a request authenticated by an API key: besides {@code ROLE_USER} (never
 * {@code ROLE_ADMIN}, whoever owns the key) it carries {@link #AUTHORITY}. The HTTP
 * edge's rules let such a caller chat and read what chat needs, and refuse it everything
 * else, so a key that leaks cannot manage the account, mint more keys or act as an admin.
 */
public final class ApiKeyCredential {

	/** The authority only API keys carry. */
	public static final String AUTHORITY = "CREDENTIAL_API_KEY";

	private ApiKeyCredential() {
	}

}
