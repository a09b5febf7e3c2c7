package dev.bastion.web.ui;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The page at {@code /}: what Bastion is, with links to the API description and health.
 */
@Controller
final class LandingPage {

	@GetMapping("/")
	String index() {
		return "index";
	}

}
