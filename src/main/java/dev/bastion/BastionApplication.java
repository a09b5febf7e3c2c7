package dev.bastion;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.bastion.admin.AdminCommandLine;
import dev.bastion.admin.Doctor;

@SpringBootApplication
public class BastionApplication {

	/**
	 * Starts the service; with {@code admin ...} runs an admin command, with
	 * {@code doctor} prints the production checklist, and exits.
	 */
	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("admin")) {
			System.exit(new AdminCommandLine(BastionApplication.class, System.in, System.out, System.err)
				.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		if (args.length > 0 && args[0].equals("doctor")) {
			System.exit(new Doctor(BastionApplication.class, System.out).run());
		}
		SpringApplication.run(BastionApplication.class, args);
	}

}
