package dev.bastion.reference.security;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The "stock Spring Security + JWT" reference of bench/edge.sh: Boot's default resource
 * server security (every request authenticated, a Bearer token verified by Nimbus on every
 * request) in front of one controller. No rate limit, revocation check or audit.
 */
@SpringBootApplication
public class SecuredApplication {

	public static void main(String[] args) {
		SpringApplication.run(SecuredApplication.class, args);
	}

}
