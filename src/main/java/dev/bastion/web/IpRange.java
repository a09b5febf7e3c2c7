package dev.bastion.web;

import java.net.InetAddress;

import dev.bastion.system.InsecureConfigurationException;

/**
 * A CIDR block ({@code 10.0.0.0/8}, {@code ::1/128}) or a single address.
 */
final class IpRange {

	private final byte[] network;

	private final int prefixLength;

	private IpRange(byte[] network, int prefixLength) {
		this.network = network;
		this.prefixLength = prefixLength;
	}

	static IpRange parse(String cidr) {
		int slash = cidr.indexOf('/');
		byte[] address = literal((slash < 0) ? cidr : cidr.substring(0, slash));
		int prefix = (slash < 0) ? address.length * 8 : prefixLength(cidr.substring(slash + 1), address.length * 8);
		return new IpRange(address, prefix);
	}

	boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		if (candidate.length != this.network.length) {
			return false;
		}
		int fullBytes = this.prefixLength / 8;
		for (int i = 0; i < fullBytes; i++) {
			if (candidate[i] != this.network[i]) {
				return false;
			}
		}
		int remainingBits = this.prefixLength % 8;
		if (remainingBits == 0) {
			return true;
		}
		int mask = (0xFF << (8 - remainingBits)) & 0xFF;
		return (candidate[fullBytes] & mask) == (this.network[fullBytes] & mask);
	}

	private static int prefixLength(String text, int maxBits) {
		try {
			int prefix = Integer.parseInt(text);
			if (prefix >= 0 && prefix <= maxBits) {
				return prefix;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid();
	}

	private static byte[] literal(String text) {
		return IpAddresses.parse(text).orElseThrow(IpRange::invalid).getAddress();
	}

	private static InsecureConfigurationException invalid() {
		return new InsecureConfigurationException("TRUSTED_PROXIES", "contains an entry that is not an IP or CIDR",
				"Use a comma-separated list such as 10.0.0.0/8,::1.");
	}

}
