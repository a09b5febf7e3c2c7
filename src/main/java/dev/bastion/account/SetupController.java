package dev.bastion.account;

import java.net.URI;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.Secret;

/**
 * {@code /api/v1/setup}: public while no administrator exists, {@code 404} afterwards.
 * The setup code itself is never sent by Bastion, only received.
 */
@RestController
class SetupController {

	private final FirstAdministrator setup;

	SetupController(FirstAdministrator setup) {
		this.setup = setup;
	}

	/** {@code 200 {"open": true}} for the web UI's setup screen, else {@code 404}. */
	@GetMapping("/api/v1/setup")
	Map<String, Boolean> open() {
		if (!this.setup.open()) {
			throw new BastionException(ErrorCode.NOT_FOUND, "Bastion is set up already.");
		}
		return Map.of("open", true);
	}

	/** {@code 201} with the new administrator, who then logs in as usual. */
	@PostMapping("/api/v1/setup")
	ResponseEntity<Profile> setUp(@RequestBody SetupRequest request, HttpServletRequest http) {
		Profile admin = this.setup.setUp(Secret.revealed(request.setupCode()), request.username(), request.email(),
				Secret.revealed(request.password()), http.getRemoteAddr());
		return ResponseEntity.created(URI.create("/api/v1/users/me")).body(admin);
	}

	record SetupRequest(@Nullable Secret setupCode, @Nullable String username, @Nullable String email,
			@Nullable Secret password) {

	}

}
