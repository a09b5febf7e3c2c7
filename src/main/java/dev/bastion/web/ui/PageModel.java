package dev.bastion.web.ui;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.bastion.web.ContentSecurityPolicy;

/**
 * Gives every page its CSP nonce: the response switches to the page policy and the
 * template puts the same nonce on its scripts.
 */
@ControllerAdvice(basePackageClasses = PageModel.class)
final class PageModel {

	private final ContentSecurityPolicy contentSecurityPolicy;

	PageModel(ContentSecurityPolicy contentSecurityPolicy) {
		this.contentSecurityPolicy = contentSecurityPolicy;
	}

	@ModelAttribute("cspNonce")
	String cspNonce(HttpServletResponse response) {
		return this.contentSecurityPolicy.applyPagePolicy(response);
	}

}
