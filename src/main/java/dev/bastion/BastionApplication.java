package dev.bastion;

import java.util.OptionalInt;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.bastion.admin.BastionCommandLine;

@SpringBootApplication
public class BastionApplication {

	/**
	 * Starts the service; with {@code admin ...} runs an admin command, with
	 * {@code doctor} prints the production checklist, with {@code --help} or
	 * {@code --version} prints them, and exits.
	 */
	public static void main(String[] args) {
		OptionalInt exit = new BastionCommandLine(BastionApplication.class, System.in, System.out, System.err)
			.run(args);
		if (exit.isPresent()) {
			System.exit(exit.getAsInt());
		}
		SpringApplication.run(BastionApplication.class, args);
	}

}
