package dev.bastion;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.bastion.admin.AdminCommandLine;

@SpringBootApplication
public class BastionApplication {

	/** Starts the service, or with {@code admin ...} runs an admin command and exits. */
	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("admin")) {
			System.exit(new AdminCommandLine(BastionApplication.class, System.in, System.out, System.err)
				.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(BastionApplication.class, args);
	}

}
