package dev.bastion.web;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.bastion.system.InsecureConfigurationException;

/**
 * Settings of the HTTP edge.
 *
 * @param securityHeaders whether the security headers are sent
 * ({@code ENABLE_SECURITY_HEADERS})
 * @param allowedOrigins origins allowed to call the API cross-origin
 * ({@code ALLOWED_ORIGINS}); empty means same-origin only
 * @param corsAllowCredentials whether cross-origin calls may carry credentials
 * ({@code CORS_ALLOW_CREDENTIALS}); never together with {@code *}
 * @param trustedProxies CIDRs of proxies whose {@code X-Forwarded-*} headers are believed
 * ({@code TRUSTED_PROXIES})
 * @param maxRequestSize the largest request body accepted, counted on bytes read
 * ({@code MAX_REQUEST_SIZE})
 * @param requireHttps whether plain HTTP requests are redirected to HTTPS (production)
 * @param hsts whether {@code Strict-Transport-Security} is sent on HTTPS responses
 * (production)
 * @param httpPort a plain HTTP port that only redirects to HTTPS when Bastion terminates
 * TLS itself ({@code HTTP_PORT})
 * @param publicUrl where users reach Bastion ({@code PUBLIC_URL}), whose host (and port,
 * when {@code https}) the HTTPS redirect points at; blank when not set
 */
@ConfigurationProperties("bastion.web")
record WebProperties(boolean securityHeaders, List<String> allowedOrigins, boolean corsAllowCredentials,
		List<String> trustedProxies, DataSize maxRequestSize, boolean requireHttps, boolean hsts,
		@Nullable Integer httpPort, @Nullable URI publicUrl) {

	WebProperties {
		allowedOrigins = allowedOrigins.stream().map(String::strip).filter((origin) -> !origin.isEmpty()).toList();
		trustedProxies = trustedProxies.stream().map(String::strip).filter((cidr) -> !cidr.isEmpty()).toList();
		if (publicUrl != null && publicUrl.toString().isBlank()) {
			publicUrl = null;
		}
		if (publicUrl != null && (publicUrl.getHost() == null || !publicUrl.isAbsolute())) {
			throw new InsecureConfigurationException("PUBLIC_URL", "is not an absolute URL with a host name",
					"Set PUBLIC_URL to where users reach Bastion, e.g. https://bastion.example.org.");
		}
		if (corsAllowCredentials && allowedOrigins.contains("*")) {
			throw new InsecureConfigurationException("ALLOWED_ORIGINS", "is '*' while CORS_ALLOW_CREDENTIALS is true",
					"List the exact origins that may call Bastion with credentials, or turn credentials off.");
		}
	}

}
