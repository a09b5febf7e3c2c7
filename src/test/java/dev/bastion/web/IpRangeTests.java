package dev.bastion.web;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IpRangeTests {

	@Test
	void ipv4BlocksMatchOnTheirPrefix() {
		IpRange range = IpRange.parse("10.20.0.0/14");
		assertThat(range.contains(ip("10.23.255.1"))).isTrue();
		assertThat(range.contains(ip("10.24.0.1"))).isFalse();
		assertThat(range.contains(ip("::1"))).isFalse();
	}

	@Test
	void singleAddressesAndIpv6BlocksWork() {
		assertThat(IpRange.parse("127.0.0.1").contains(ip("127.0.0.1"))).isTrue();
		assertThat(IpRange.parse("127.0.0.1").contains(ip("127.0.0.2"))).isFalse();
		assertThat(IpRange.parse("fd00::/8").contains(ip("fd12:3456::1"))).isTrue();
		assertThat(IpRange.parse("fd00::/8").contains(ip("fe80::1"))).isFalse();
		assertThat(IpRange.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
	}

	@Test
	void hostNamesAndBadPrefixesAreRefusedWithoutResolvingAnything() {
		for (String invalid : new String[] { "localhost", "proxy.example.com", "10.0.0.0/33", "10.0.0.0/-1",
				"999.1.1.1", "10.0.0.0/x", "::1/129" }) {
			assertThatExceptionOfType(dev.bastion.system.InsecureConfigurationException.class).as(invalid)
				.isThrownBy(() -> IpRange.parse(invalid));
		}
	}

	@Test
	void addressesParseFromHeaderFormsWithoutLookups() {
		assertThat(IpAddresses.parse("[2001:db8::1]:443")).hasValue(ip("2001:db8::1"));
		assertThat(IpAddresses.parse("203.0.113.9:8080")).hasValue(ip("203.0.113.9"));
		assertThat(IpAddresses.parse(" 2001:db8::1 ")).hasValue(ip("2001:db8::1"));
		assertThat(IpAddresses.parse("unknown")).isEmpty();
		assertThat(IpAddresses.parse("evil.example")).isEmpty();
	}

	private static InetAddress ip(String literal) {
		return InetAddress.ofLiteral(literal);
	}

}
