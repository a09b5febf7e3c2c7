package dev.bastion.web;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Parses IP literals; never resolves a host name.
 */
final class IpAddresses {

	private IpAddresses() {
	}

	/**
	 * The address of an IP literal (IPv6 may be in brackets, IPv4 may carry a port), or
	 * empty.
	 */
	static Optional<InetAddress> parse(String text) {
		String candidate = text.strip();
		if (candidate.startsWith("[") && candidate.indexOf(']') > 0) {
			candidate = candidate.substring(1, candidate.indexOf(']'));
		}
		else if (candidate.indexOf(':') > 0 && candidate.indexOf(':') == candidate.lastIndexOf(':')) {
			candidate = candidate.substring(0, candidate.indexOf(':'));
		}
		try {
			return Optional.of(InetAddress.ofLiteral(candidate));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
