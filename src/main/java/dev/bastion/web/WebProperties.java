package dev.bastion.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import dev.bastion.system.InsecureConfigurationException;

/**
 * Settings of the HTTP edge.
 *
 * @param securityHeaders {@code false} removes all security headers, including CSP and
 * HSTS ({@code X-Request-ID} and {@code Cache-Control} stay). Not guarded in production;
 * leave it on, because a proxy cannot produce the per-page CSP nonce.
 * @param allowedOrigins Comma-separated origins that may call {@code /api/**} and {@code
 * /v1/**} from a browser, e.g. {@code https://app.example.org}. {@code *} is allowed only
 * without credentials.
 * @param corsAllowCredentials Whether those cross-origin calls may carry credentials.
 * {@code true} together with {@code *} in {@code ALLOWED_ORIGINS} is refused in any mode.
 * @param trustedProxies Comma-separated IP addresses or CIDR blocks (IPv4 or IPv6, e.g.
 * {@code 10.0.0.0/8,::1}) whose {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Port} are believed. Host names or bad prefixes are refused.
 * @param maxRequestSize Largest request body accepted; also the largest voice recording
 * (its multipart body may be 64 KB larger). At least 1 byte.
 * @param requireHttps whether plain HTTP requests are redirected to HTTPS (production)
 * @param hsts whether {@code Strict-Transport-Security} is sent on HTTPS responses
 * (production)
 * @param httpPort A second, plain-HTTP port (1 to 65535) on the same address that only
 * redirects to HTTPS. Needs both TLS files; without them Bastion refuses to start.
 * @param publicUrl where users reach Bastion ({@code PUBLIC_URL}), whose host (and port,
 * when {@code https}) the HTTPS redirect points at; blank when not set
 * @param requireAuth {@code false} lets anonymous callers use {@code /api/v1/sessions},
 * {@code /api/v1/chat} and {@code /api/v1/voice}, limited per address.
 * @param requestBodyTimeout Longest a request body may take to arrive, from the end of
 * its headers: a slower one is {@code 400 MALFORMED_REQUEST} (a 10 MB voice upload in 30
 * s needs about 3 Mbit/s). Bounds how long a client sending a byte at a time holds its
 * buffers; the reverse proxy is the defence against slow clients. Shorter than {@code 1s}
 * is refused.
 */
@ConfigurationProperties("bastion.web")
@Validated
public record WebProperties(@DefaultValue("true") boolean securityHeaders, @DefaultValue List<String> allowedOrigins,
		boolean corsAllowCredentials, @DefaultValue List<String> trustedProxies,
		@DefaultValue("10MB") @Positive DataSize maxRequestSize, boolean requireHttps, boolean hsts,
		@Range(min = 1, max = 65535) @Nullable Integer httpPort, @Nullable URI publicUrl,
		@DefaultValue("true") boolean requireAuth,
		@DefaultValue("30s") @DurationMin(seconds = 1) Duration requestBodyTimeout) {

	public WebProperties {
		allowedOrigins = List
			.copyOf(allowedOrigins.stream().map(String::strip).filter((origin) -> !origin.isEmpty()).toList());
		trustedProxies = List
			.copyOf(trustedProxies.stream().map(String::strip).filter((cidr) -> !cidr.isEmpty()).toList());
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
