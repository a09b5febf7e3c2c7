package dev.bastion.chat.provider;

/**
 * The caller stopped listening (a streamed reply whose client went away or pressed Stop):
 * the provider is told to stop generating, and this is not counted as a provider failure.
 */
public final class ReplyAbandoned extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ReplyAbandoned(Throwable cause) {
		super("The caller stopped listening", cause, false, false);
	}

}
