package dev.bastion.chat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.bastion.support.OlderCiphertexts;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryCipherTests {

	private static final String KEY = "history-key-for-tests-0123456789abcdef";

	private final HistoryCipher cipher = new HistoryCipher(KEY);

	private final UUID owner = UUID.randomUUID();

	private final UUID conversation = UUID.randomUUID();

	@Test
	void sealsWithAFreshNonceAndOpensWithTheSameKeyOwnerAndPlace() {
		String sealed = this.cipher.encrypt(this.owner, this.conversation, "user", "hello");
		assertThat(sealed).startsWith("v3:" + HistoryKeys.idOf(KEY) + ":")
			.doesNotContain("hello")
			.isNotEqualTo(this.cipher.encrypt(this.owner, this.conversation, "user", "hello"));
		assertThat(this.cipher.decrypt(this.owner, this.conversation, "user", sealed)).hasValue("hello");
	}

	@Test
	void aMessageMovedToAnotherOwnerConversationOrRoleOrKeyDoesNotOpen() {
		String sealed = this.cipher.encrypt(this.owner, this.conversation, "user", "hello");
		assertThat(this.cipher.decrypt(UUID.randomUUID(), this.conversation, "user", sealed)).isEmpty();
		assertThat(this.cipher.decrypt(this.owner, UUID.randomUUID(), "user", sealed)).isEmpty();
		assertThat(this.cipher.decrypt(this.owner, this.conversation, "assistant", sealed)).isEmpty();
		assertThat(new HistoryCipher("another-key-entirely-0123456789abcdef").decrypt(this.owner, this.conversation,
				"user", sealed))
			.isEmpty();
	}

	@Test
	void aChangedCiphertextDoesNotOpen() {
		char[] sealed = this.cipher.encrypt(this.owner, this.conversation, "user", "hello").toCharArray();
		sealed[20] = (sealed[20] == 'A') ? 'B' : 'A';
		assertThat(this.cipher.decrypt(this.owner, this.conversation, "user", new String(sealed))).isEmpty();
		assertThat(this.cipher.decrypt(this.owner, this.conversation, "user", "v2:not base64!")).isEmpty();
		assertThat(this.cipher.decrypt(this.owner, this.conversation, "user", "v3:not base64!")).isEmpty();
	}

	@Test
	void aValueOfTheOlderFormatIsRefusedUntilBoundToItsOwner() {
		String unbound = OlderCiphertexts.history(KEY, this.conversation, "user", "hello");
		assertThat(HistoryCipher.isUnbound(unbound)).isTrue();
		assertThat(this.cipher.decrypt(this.owner, this.conversation, "user", unbound)).isEmpty();
		String bound = this.cipher.bind(this.owner, this.conversation, "user", unbound).orElseThrow();
		assertThat(HistoryCipher.isUnbound(bound)).isFalse();
		assertThat(this.cipher.decrypt(this.owner, this.conversation, "user", bound)).hasValue("hello");
		assertThat(this.cipher.bind(this.owner, UUID.randomUUID(), "user", unbound)).as("moved before the upgrade")
			.isEmpty();
	}

	@Test
	void aPreviousKeyStillOpensWhatItSealedWhileEverythingNewIsSealedUnderTheCurrentOne() {
		String next = "the-next-history-key-0123456789abcdef";
		String sealedBefore = this.cipher.encrypt(this.owner, this.conversation, "user", "before");
		HistoryCipher rotated = new HistoryCipher(new HistoryKeys(next, List.of(KEY)));
		assertThat(rotated.decrypt(this.owner, this.conversation, "user", sealedBefore)).hasValue("before");
		String sealedAfter = rotated.encrypt(this.owner, this.conversation, "user", "after");
		assertThat(HistoryCipher.keyId(sealedAfter)).isEqualTo(HistoryKeys.idOf(next))
			.isNotEqualTo(HistoryKeys.idOf(KEY));
		assertThat(sealedAfter).startsWith(rotated.currentPrefix());
		assertThat(this.cipher.decrypt(this.owner, this.conversation, "user", sealedAfter)).as("the old key alone")
			.isEmpty();
		assertThat(new HistoryCipher(next).decrypt(this.owner, this.conversation, "user", sealedBefore))
			.as("the previous key removed too early")
			.isEmpty();
	}

	@Test
	void aValueThatNamesNoKeyOpensWithWhicheverConfiguredKeySealedIt() {
		String named = this.cipher.encrypt(this.owner, this.conversation, "user", "from 0.1.x");
		String unnamed = "v2:" + named.substring(named.indexOf(':', 3) + 1);
		HistoryCipher rotated = new HistoryCipher(
				new HistoryKeys("the-next-history-key-0123456789abcdef", List.of(KEY)));
		assertThat(rotated.decrypt(this.owner, this.conversation, "user", unnamed)).hasValue("from 0.1.x");
		assertThat(HistoryCipher.keyId(unnamed)).isNull();
	}

	@Test
	void aKeyIdSaysNothingAboutTheKeyAndTellsKeysApart() {
		String id = HistoryKeys.idOf(KEY);
		assertThat(id).matches("[0-9a-f]{16}").isNotEqualTo(HistoryKeys.idOf(KEY + "x"));
		assertThat(KEY).doesNotContain(id);
	}

}
