package dev.bastion.web;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The Content-Security-Policy values: the strictest one for everything that is not a
 * page, and for pages one with a fresh script nonce per response.
 */
public final class ContentSecurityPolicy {

	static final String HEADER = "Content-Security-Policy";

	/** For JSON and every other non-page response. */
	static final String NONE = "default-src 'none'; frame-ancestors 'none'";

	private static final int NONCE_BYTES = 18;

	private final SecureRandom random = new SecureRandom();

	private final boolean enabled;

	ContentSecurityPolicy(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Switches this response to the page policy and returns the nonce that the page's
	 * {@code <script>} elements must carry.
	 */
	public String applyPagePolicy(HttpServletResponse response) {
		String nonce = newNonce();
		if (this.enabled) {
			response.setHeader(HEADER, pagePolicy(nonce));
		}
		return nonce;
	}

	static String pagePolicy(String nonce) {
		return "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'self'; img-src 'self'; "
				+ "font-src 'self'; connect-src 'self'; media-src 'self' blob:; manifest-src 'self'; "
				+ "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; "
				+ "require-trusted-types-for 'script'; trusted-types bastion dompurify; "
				+ "report-uri /api/v1/csp-reports";
	}

	private String newNonce() {
		byte[] bytes = new byte[NONCE_BYTES];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
