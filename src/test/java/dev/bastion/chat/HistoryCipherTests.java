package dev.bastion.chat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class HistoryCipherTests {

	private final HistoryCipher cipher = new HistoryCipher("history-key-for-tests-0123456789abcdef");

	private final UUID conversation = UUID.randomUUID();

	@Test
	void sealsWithAFreshNonceAndOpensWithTheSameKeyAndPlace() {
		String sealed = this.cipher.encrypt(this.conversation, "user", "hello");
		assertThat(sealed).doesNotContain("hello")
			.isNotEqualTo(this.cipher.encrypt(this.conversation, "user", "hello"));
		assertThat(this.cipher.decrypt(this.conversation, "user", sealed)).isEqualTo("hello");
	}

	@Test
	void aMessageMovedToAnotherConversationOrRoleOrKeyDoesNotOpen() {
		String sealed = this.cipher.encrypt(this.conversation, "user", "hello");
		assertThatIllegalStateException().isThrownBy(() -> this.cipher.decrypt(UUID.randomUUID(), "user", sealed));
		assertThatIllegalStateException().isThrownBy(() -> this.cipher.decrypt(this.conversation, "assistant", sealed));
		assertThatIllegalStateException().isThrownBy(() -> new HistoryCipher("another-key-entirely-0123456789abcdef")
			.decrypt(this.conversation, "user", sealed));
	}

	@Test
	void aChangedCiphertextDoesNotOpen() {
		char[] sealed = this.cipher.encrypt(this.conversation, "user", "hello").toCharArray();
		sealed[20] = (sealed[20] == 'A') ? 'B' : 'A';
		assertThatIllegalStateException()
			.isThrownBy(() -> this.cipher.decrypt(this.conversation, "user", new String(sealed)));
	}

}
