package dev.bastion.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

/**
 * The key a client address is limited under: IPv4 addresses as they are, IPv6 addresses
 * by their /64 network (one subscriber usually holds a whole /64). Registrations are also
 * limited by the IPv6 /48 around it: many subscribers get a whole /48, 65,536 /64s.
 */
final class ClientAddresses {

	private static final int IPV6_NETWORK_BYTES = 8;

	private static final int IPV6_SITE_BYTES = 6;

	private ClientAddresses() {
	}

	static String key(String address) {
		String network = ipv6Network(address, IPV6_NETWORK_BYTES);
		if (network != null) {
			return network;
		}
		try {
			return InetAddress.ofLiteral(address).getHostAddress();
		}
		catch (IllegalArgumentException ex) {
			return address;
		}
	}

	/** The /48 of an IPv6 address ({@code 2001:db8:aa:0:0:0:0:0/48}); null for others. */
	static @Nullable String ipv6Site(String address) {
		return ipv6Network(address, IPV6_SITE_BYTES);
	}

	private static @Nullable String ipv6Network(String address, int keptBytes) {
		try {
			InetAddress parsed = InetAddress.ofLiteral(address);
			if (!(parsed instanceof Inet6Address)) {
				return null;
			}
			byte[] bytes = parsed.getAddress();
			for (int i = keptBytes; i < bytes.length; i++) {
				bytes[i] = 0;
			}
			return InetAddress.getByAddress(bytes).getHostAddress() + "/" + (keptBytes * Byte.SIZE);
		}
		catch (IllegalArgumentException | java.net.UnknownHostException ex) {
			return null;
		}
	}

}
