package dev.bastion.chat.provider;

/**
 * One turn of a conversation. Its text is never logged.
 *
 * @param role {@code user} or {@code assistant}
 */
public record ChatMessage(String role, String text) {

	@Override
	public String toString() {
		return "ChatMessage[role=" + this.role + ", " + this.text.length() + " characters]";
	}

}
