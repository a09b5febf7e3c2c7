package dev.bastion.chat.provider;

/**
 * A provider's whole answer and what it cost.
 */
public record Completion(String text, String model, int promptTokens, int completionTokens) {

	/**
	 * The tokens of {@code chars} characters of text when no server counted them: about
	 * four characters a token, rounded up.
	 */
	public static int estimatedTokens(long chars) {
		return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
	}

	public int totalTokens() {
		return this.promptTokens + this.completionTokens;
	}

	@Override
	public String toString() {
		return "Completion[model=" + this.model + ", tokens=" + totalTokens() + "]";
	}

}
