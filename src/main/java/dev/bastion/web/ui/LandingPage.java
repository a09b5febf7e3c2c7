package dev.bastion.web.ui;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The web UI's one page: at {@code /}, and at {@code /reset-password}, where the links of
 * password-reset e-mails lead (the token is in the fragment, which never reaches a
 * server).
 */
@Controller
final class LandingPage {

	@GetMapping({ "/", "/reset-password" })
	String index() {
		return "index";
	}

}
