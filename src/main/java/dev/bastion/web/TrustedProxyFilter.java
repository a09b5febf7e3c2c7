package dev.bastion.web;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.bastion.audit.BoundedAudit;

/**
 * The one place that decides who the client is. {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto} are believed only when the connection comes from one of
 * {@code TRUSTED_PROXIES}; from anyone else they are removed and logged as suspicious.
 * After this filter, {@code request.getRemoteAddr()} and {@code request.isSecure()} are
 * the truth for the whole application.
 */
final class TrustedProxyFilter extends OncePerRequestFilter {

	static final List<String> FORWARDED_HEADERS = List.of("x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
			"x-forwarded-port", "x-forwarded-prefix", "x-real-ip", "forwarded");

	private static final Logger security = LoggerFactory.getLogger("security");

	private static final int MAX_PORT = 65535;

	private final List<IpRange> trustedProxies;

	private final BoundedAudit signals;

	TrustedProxyFilter(List<String> trustedProxies, BoundedAudit signals) {
		this.trustedProxies = trustedProxies.stream().map(IpRange::parse).toList();
		this.signals = signals;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (FORWARDED_HEADERS.stream().noneMatch((name) -> request.getHeader(name) != null)) {
			chain.doFilter(request, response);
			return;
		}
		if (isTrusted(request.getRemoteAddr())) {
			chain.doFilter(new ProxiedRequest(request, clientAddress(request), forwardedProto(request),
					forwardedPort(request)), response);
			return;
		}
		security.atWarn()
			.addKeyValue("event_type", "SUSPICIOUS_FORWARDED_HEADER")
			.addKeyValue("client_ip", request.getRemoteAddr())
			.log("Ignored X-Forwarded headers from untrusted peer {}", request.getRemoteAddr());
		this.signals.report(new SuspiciousForwardedHeader(request.getRemoteAddr()), request.getRemoteAddr());
		chain.doFilter(new ProxiedRequest(request, request.getRemoteAddr(), null, null), response);
	}

	private boolean isTrusted(String address) {
		Optional<InetAddress> parsed = IpAddresses.parse(address);
		return parsed.isPresent() && this.trustedProxies.stream().anyMatch((range) -> range.contains(parsed.get()));
	}

	/**
	 * Walks X-Forwarded-For from the right, skipping our own proxies; the first other hop
	 * is the client.
	 */
	private String clientAddress(HttpServletRequest request) {
		String client = request.getRemoteAddr();
		List<String> hops = Collections.list(request.getHeaders("X-Forwarded-For"))
			.stream()
			.flatMap((value) -> List.of(value.split(",")).stream())
			.map(String::strip)
			.toList();
		for (int i = hops.size() - 1; i >= 0; i--) {
			Optional<InetAddress> hop = IpAddresses.parse(hops.get(i));
			if (hop.isEmpty()) {
				break;
			}
			client = hop.get().getHostAddress();
			if (!isTrusted(client)) {
				break;
			}
		}
		return client;
	}

	private static @Nullable String forwardedProto(HttpServletRequest request) {
		String proto = request.getHeader("X-Forwarded-Proto");
		if (proto == null) {
			return null;
		}
		String first = proto.split(",")[0].strip().toLowerCase(Locale.ROOT);
		return (first.equals("https") || first.equals("http")) ? first : null;
	}

	private static @Nullable Integer forwardedPort(HttpServletRequest request) {
		String port = request.getHeader("X-Forwarded-Port");
		if (port == null || !port.strip().matches("\\d{1,5}")) {
			return null;
		}
		int value = Integer.parseInt(port.strip());
		return (value > 0 && value <= MAX_PORT) ? value : null;
	}

	/**
	 * The request as the client sent it to our proxy, with all forwarding headers hidden.
	 */
	private static final class ProxiedRequest extends HttpServletRequestWrapper {

		private final String remoteAddr;

		private final @Nullable String scheme;

		private final @Nullable Integer port;

		ProxiedRequest(HttpServletRequest request, String remoteAddr, @Nullable String scheme, @Nullable Integer port) {
			super(request);
			this.remoteAddr = remoteAddr;
			this.scheme = scheme;
			this.port = port;
		}

		@Override
		public String getRemoteAddr() {
			return this.remoteAddr;
		}

		@Override
		public String getRemoteHost() {
			return this.remoteAddr;
		}

		@Override
		public String getScheme() {
			return (this.scheme != null) ? this.scheme : super.getScheme();
		}

		@Override
		public boolean isSecure() {
			return (this.scheme != null) ? this.scheme.equals("https") : super.isSecure();
		}

		@Override
		public int getServerPort() {
			if (this.port != null) {
				return this.port;
			}
			if (this.scheme == null || this.scheme.equals(super.getScheme())) {
				return super.getServerPort();
			}
			return this.scheme.equals("https") ? 443 : 80;
		}

		@Override
		public @Nullable String getHeader(String name) {
			return isForwarded(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return isForwarded(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(
					Collections.list(super.getHeaderNames()).stream().filter((name) -> !isForwarded(name)).toList());
		}

		private static boolean isForwarded(String name) {
			return FORWARDED_HEADERS.contains(name.toLowerCase(Locale.ROOT));
		}

	}

}
