package dev.bastion.crypto;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CryptoPrimitivesTests {

	private static final byte[] KEY = HexFormat.of()
		.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

	@Test
	void hmacMatchesRfc4231() {
		Hmac hmac = Hmac.withKey("Jefe".getBytes(StandardCharsets.US_ASCII));
		assertThat(HexFormat.of()
			.formatHex(hmac.sign("what do ya ".getBytes(StandardCharsets.US_ASCII),
					"want for nothing?".getBytes(StandardCharsets.US_ASCII))))
			.isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	}

	@Test
	void sealedTextIsNonceThenPlainAesGcmUnderTheContext() throws Exception {
		byte[] context = "accounts.totp_secret/42".getBytes(StandardCharsets.UTF_8);
		byte[] stored = Base64.getDecoder().decode(Aead.withKey(KEY).sealText(context, "hello"));
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, stored, 0, 12));
		cipher.updateAAD(context);
		assertThat(new String(cipher.doFinal(stored, 12, stored.length - 12), StandardCharsets.UTF_8))
			.isEqualTo("hello");
	}

	@Test
	void sealedTextOpensOnlyUnchangedAndWithItsContext() {
		Aead aead = Aead.withKey(KEY);
		byte[] context = "a".getBytes(StandardCharsets.UTF_8);
		String sealed = aead.sealText(context, "hello");
		assertThat(aead.openText(context, sealed)).contains("hello");
		assertThat(aead.openText("b".getBytes(StandardCharsets.UTF_8), sealed)).isEmpty();
		byte[] changed = Base64.getDecoder().decode(sealed);
		changed[changed.length - 1] ^= 1;
		assertThat(aead.openText(context, Base64.getEncoder().encodeToString(changed))).isEmpty();
		assertThat(aead.openText(context, "not base64!")).isEmpty();
		assertThat(aead.openText(context, "AAAA")).isEmpty();
		assertThat(Aead.withKey(Arrays.copyOf(KEY, 32)).openText(context, sealed)).contains("hello");
	}

	/**
	 * The keys stored tokens, audit rows and device tokens were made with stay the same.
	 */
	@Test
	void masterSecretKeysAreHkdfSha256WithSaltBastionAndThePurpose() throws Exception {
		String secret = "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9";
		MasterSecret master = MasterSecret
			.of(new SecretProperties(dev.bastion.system.Secret.of(secret), false, Path.of("unused")));
		byte[] key = KDF.getInstance("HKDF-SHA256")
			.deriveData(HKDFParameterSpec.ofExtract()
				.addIKM(secret.getBytes(StandardCharsets.UTF_8))
				.addSalt("bastion".getBytes(StandardCharsets.UTF_8))
				.thenExpand("bastion audit chain".getBytes(StandardCharsets.UTF_8), 32));
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		assertThat(master.hmac("bastion audit chain").hex("row"))
			.isEqualTo(HexFormat.of().formatHex(mac.doFinal("row".getBytes(StandardCharsets.UTF_8))));
	}

	@Test
	void keysDerivedForOnePurposeDifferFromAnother() {
		byte[] salt = "bastion".getBytes(StandardCharsets.UTF_8);
		byte[] message = "m".getBytes(StandardCharsets.UTF_8);
		assertThat(Hmac.derived(KEY, salt, "one").sign(message))
			.isNotEqualTo(Hmac.derived(KEY, salt, "two").sign(message))
			.isEqualTo(Hmac.derived(KEY, salt, "one").sign(message));
	}

}
