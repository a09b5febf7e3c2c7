package dev.bastion.crypto;

/**
 * A stored encrypted value does not open: it was altered, moved from another row or
 * owner, written in the format from before values were bound to their context, or
 * encrypted under another key.
 */
public final class UnreadableSecretException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private static final String MESSAGE = "A stored secret cannot be decrypted: was SECRET_KEY changed, "
			+ "or was the value altered or moved to another row?";

	UnreadableSecretException() {
		super(MESSAGE);
	}

}
