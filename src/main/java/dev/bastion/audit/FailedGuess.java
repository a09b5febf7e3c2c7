package dev.bastion.audit;

/**
 * A secret a client guessed wrong: a password at login, a setup code. Intrusion detection
 * counts these per client address, so that guessing any of them leads to the same ban.
 */
public interface FailedGuess extends SecurityEvent {

	/** The address the guess came from. */
	String clientIp();

	/**
	 * A keyed hash of what the guess was for (the login name tried, or the setup), so
	 * that guesses at many different names can be told apart without keeping the names.
	 */
	String loginFingerprint();

}
