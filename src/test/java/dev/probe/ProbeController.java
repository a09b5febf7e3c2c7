package dev.probe;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only endpoints that exercise the edge's generic machinery (JSON binding,
 * validation, unexpected failures, the client address). Outside {@code dev.bastion} so
 * that component scanning never picks it up; {@code EdgeProbe} registers it where wanted.
 */
@RestController
@RequestMapping("/probe")
public class ProbeController {

	public static final String SECRET_IN_EXCEPTION = "jdbc:h2:mem:leak password=hunter2 SELECT * FROM accounts";

	@PostMapping("/greetings")
	Map<String, String> greet(@Valid @RequestBody Greeting greeting) {
		return Map.of("hello", greeting.name());
	}

	@PostMapping("/documents")
	Map<String, Integer> document(@RequestBody Map<String, Object> document) {
		return Map.of("fields", document.size());
	}

	@GetMapping("/client")
	Map<String, Object> client(HttpServletRequest request) {
		return Map.of("ip", request.getRemoteAddr(), "secure", request.isSecure(), "scheme", request.getScheme());
	}

	@GetMapping("/failure")
	Map<String, String> failure() {
		throw new IllegalStateException(SECRET_IN_EXCEPTION);
	}

	public record Greeting(@NotBlank String name, @Size(max = 5) String note) {
	}

}
