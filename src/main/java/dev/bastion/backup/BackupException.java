package dev.bastion.backup;

/**
 * A backup could not be written, read or restored; the message says why in words an
 * operator can act on and never contains a secret.
 */
public final class BackupException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public BackupException(String message) {
		super(message);
	}

	public BackupException(String message, Throwable cause) {
		super(message, cause);
	}

}
