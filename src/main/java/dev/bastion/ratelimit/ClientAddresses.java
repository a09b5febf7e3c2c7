package dev.bastion.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The key a client address is limited under: IPv4 addresses as they are, IPv6 addresses
 * by their /64 network (one subscriber usually holds a whole /64).
 */
final class ClientAddresses {

	private static final int IPV6_NETWORK_BYTES = 8;

	private ClientAddresses() {
	}

	static String key(String address) {
		try {
			InetAddress parsed = InetAddress.ofLiteral(address);
			if (parsed instanceof Inet6Address) {
				byte[] bytes = parsed.getAddress();
				for (int i = IPV6_NETWORK_BYTES; i < bytes.length; i++) {
					bytes[i] = 0;
				}
				return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
			}
			return parsed.getHostAddress();
		}
		catch (IllegalArgumentException | java.net.UnknownHostException ex) {
			return address;
		}
	}

}
