package dev.bastion.chat.provider;

/**
 * A provider's whole answer and what it cost.
 */
public record Completion(String text, String model, int promptTokens, int completionTokens) {

	public int totalTokens() {
		return this.promptTokens + this.completionTokens;
	}

	@Override
	public String toString() {
		return "Completion[model=" + this.model + ", tokens=" + totalTokens() + "]";
	}

}
