package dev.bastion.reference.bare;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The bare reference of bench/edge.sh and bench/startup.sh: Spring Boot with Spring MVC on
 * Tomcat, virtual threads, one controller, nothing else.
 */
@SpringBootApplication
public class BareApplication {

	public static void main(String[] args) {
		SpringApplication.run(BareApplication.class, args);
	}

}
