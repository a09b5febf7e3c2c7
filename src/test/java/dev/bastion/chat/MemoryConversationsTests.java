package dev.bastion.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.bastion.chat.ChatService.Caller;
import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.system.InvalidInputException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.BastionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MemoryConversationsTests {

	private static final int MAX_CONTEXT_CHARS = 32_000;

	private static final long BOUND = 400_000;

	private final AtomicLong now = new AtomicLong();

	private final MemoryConversations memory = new MemoryConversations(Duration.ofHours(1), 20, MAX_CONTEXT_CHARS,
			BOUND, this.now::get);

	@Test
	void manyLargeConversationsNeverHoldMoreThanTheBoundTheLeastRecentlyUsedGoFirst() {
		Caller owner = caller();
		UUID active = this.memory.start(owner);
		Caller flooder = caller();
		List<UUID> flood = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			UUID id = this.memory.start(flooder);
			flood.add(id);
			for (int j = 0; j < 4; j++) {
				this.memory.add(id, flooder, user(8_000));
				assertThat(this.memory.weight()).isLessThanOrEqualTo(BOUND);
			}
			this.memory.reply(id, flooder, new ChatMessage("assistant", "x".repeat(16_000)));
			assertThat(this.memory.weight()).isLessThanOrEqualTo(BOUND);
			this.memory.add(active, owner, user(10));
		}
		assertThat(present(active, owner)).as("the conversation in use is kept").isTrue();
		assertThat(flood.subList(0, 85)).as("the oldest went").noneMatch((id) -> present(id, flooder));
		assertThat(flood.get(99)).as("the newest stays").matches((id) -> present(id, flooder));
	}

	@Test
	void aConversationCountsAtItsSizeAsItGrows() {
		Caller owner = caller();
		UUID id = this.memory.start(owner);
		assertThat(this.memory.weight()).isEqualTo(MemoryConversations.OVERHEAD_CHARS);
		for (int i = 0; i < 10; i++) {
			this.memory.add(id, owner, user(3_000));
		}
		assertThat(this.memory.weight()).isEqualTo(MemoryConversations.OVERHEAD_CHARS + 30_000);
		this.memory.reply(id, owner, new ChatMessage("assistant", "x".repeat(10_000)));
		assertThat(this.memory.weight()).as("a long reply pushes out the oldest messages")
			.isLessThanOrEqualTo(MemoryConversations.OVERHEAD_CHARS + MAX_CONTEXT_CHARS);
	}

	@Test
	void rewindTakesBackTheLastAnswerOnlyAndIsOwnerOnly() {
		Caller owner = caller();
		UUID id = this.memory.start(owner);
		this.memory.add(id, owner, new ChatMessage("user", "first"));
		this.memory.reply(id, owner, new ChatMessage("assistant", "one"));
		this.memory.add(id, owner, new ChatMessage("user", "second"));
		this.memory.reply(id, owner, new ChatMessage("assistant", "two"));
		long weight = this.memory.weight();
		assertThat(this.memory.rewind(id, owner)).extracting(ChatMessage::text)
			.containsExactly("first", "one", "second");
		assertThat(this.memory.weight()).isEqualTo(weight - "two".length());
		assertThatExceptionOfType(BastionException.class).isThrownBy(() -> this.memory.rewind(id, caller()))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND));
		UUID empty = this.memory.start(owner);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.memory.rewind(empty, owner));
	}

	@Test
	void anIdleConversationIsForgottenAndNoLongerCounts() {
		Caller owner = caller();
		UUID idle = this.memory.start(owner);
		this.memory.add(idle, owner, user(1_000));
		this.now.addAndGet(Duration.ofMinutes(61).toNanos());
		UUID fresh = this.memory.start(owner);
		assertThat(present(idle, owner)).isFalse();
		assertThat(present(fresh, owner)).isTrue();
		assertThat(this.memory.weight()).isEqualTo(MemoryConversations.OVERHEAD_CHARS);
	}

	@Test
	void forgettingAnOwnerDropsEveryConversationOfTheOwnerOnly() {
		Caller gone = caller();
		Caller staying = caller();
		UUID first = this.memory.start(gone);
		UUID second = this.memory.start(gone);
		UUID kept = this.memory.start(staying);
		this.memory.add(first, gone, user(1_000));
		this.memory.add(second, gone, user(1_000));
		this.memory.add(kept, staying, user(1_000));

		this.memory.forget(gone.owner());

		assertThat(present(first, gone)).isFalse();
		assertThat(present(second, gone)).isFalse();
		assertThat(present(kept, staying)).isTrue();
		assertThat(this.memory.weight()).isEqualTo(MemoryConversations.OVERHEAD_CHARS + 1_000);
	}

	@Test
	void anotherOwnerIsRefusedAndChangesNothing() {
		Caller owner = caller();
		UUID id = this.memory.start(owner);
		this.memory.add(id, owner, user(10));
		assertThatExceptionOfType(BastionException.class).isThrownBy(() -> this.memory.add(id, caller(), user(5_000)));
		assertThat(this.memory.weight()).isEqualTo(MemoryConversations.OVERHEAD_CHARS + 10);
	}

	@Test
	void presetChosenThenRememberedForItsOwnerOnlyAndForgottenWithTheConversation() {
		Caller owner = caller();
		UUID id = this.memory.start(owner);
		assertThat(this.memory.preset(id, owner)).isEmpty();
		UUID preset = UUID.randomUUID();
		this.memory.choosePreset(id, owner, preset);
		assertThat(this.memory.preset(id, owner)).contains(preset);
		assertThatExceptionOfType(BastionException.class).isThrownBy(() -> this.memory.preset(id, caller()))
			.matches((ex) -> ex.code() == ErrorCode.NOT_FOUND);
		assertThatExceptionOfType(BastionException.class)
			.isThrownBy(() -> this.memory.choosePreset(id, caller(), UUID.randomUUID()));
		assertThat(this.memory.preset(id, owner)).contains(preset);
		this.memory.forget(owner.owner());
		assertThatExceptionOfType(BastionException.class).isThrownBy(() -> this.memory.preset(id, owner));
	}

	private boolean present(UUID id, Caller caller) {
		try {
			this.memory.checkOwner(id, caller);
			return true;
		}
		catch (BastionException ex) {
			return false;
		}
	}

	private static Caller caller() {
		return Caller.account(UUID.randomUUID());
	}

	private static ChatMessage user(int chars) {
		return new ChatMessage("user", "m".repeat(chars));
	}

}
