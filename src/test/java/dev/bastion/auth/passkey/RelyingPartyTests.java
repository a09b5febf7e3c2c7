package dev.bastion.auth.passkey;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relying party comes from {@code PUBLIC_URL} alone: its host is the id, its scheme,
 * host and port the one origin.
 */
class RelyingPartyTests {

	@Test
	void httpsAddressGivesItsHostAsIdAndItsOriginWithoutTheDefaultPort() {
		assertThat(RelyingParty.of(URI.create("https://Bastion.Example.org/chat")))
			.isEqualTo(new RelyingParty("bastion.example.org", "https://bastion.example.org"));
		assertThat(RelyingParty.of(URI.create("https://bastion.example.org:443")))
			.isEqualTo(new RelyingParty("bastion.example.org", "https://bastion.example.org"));
		assertThat(RelyingParty.of(URI.create("https://bastion.example.org:8443")))
			.isEqualTo(new RelyingParty("bastion.example.org", "https://bastion.example.org:8443"));
	}

	@Test
	void plainHttpOnlyForLocalhostWhereBrowsersAllowIt() {
		assertThat(RelyingParty.of(URI.create("http://localhost:8080")))
			.isEqualTo(new RelyingParty("localhost", "http://localhost:8080"));
		assertThat(RelyingParty.of(URI.create("http://bastion.example.org"))).isNull();
	}

	@Test
	void ipAddressesAndAddressesWithoutHostNameNoRelyingParty() {
		assertThat(RelyingParty.of(URI.create("http://127.0.0.1:8080"))).isNull();
		assertThat(RelyingParty.of(URI.create("https://203.0.113.7"))).isNull();
		assertThat(RelyingParty.of(URI.create("https://[2001:db8::7]"))).isNull();
		assertThat(RelyingParty.of(URI.create("bastion.example.org"))).isNull();
	}

}
