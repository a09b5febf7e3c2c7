package dev.bastion;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class BastionApplication {

	public static void main(String[] args) {
		SpringApplication.run(BastionApplication.class, args);
	}

}
