package dev.bastion.auth.totp;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.auth.session.CurrentLogin;
import dev.bastion.auth.totp.SecondFactor.Setup;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.Secret;

/**
 * The caller's own TOTP second factor: setup, its QR code, confirmation and disabling.
 */
@RestController
class TotpController {

	private static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

	private final SecondFactor secondFactor;

	TotpController(SecondFactor secondFactor) {
		this.secondFactor = secondFactor;
	}

	@PostMapping("/api/v1/auth/totp/setup")
	Setup setupTotp(Authentication authentication, @RequestBody PasswordRequest request) {
		return this.secondFactor.setup(CurrentLogin.accountId(authentication), request.password());
	}

	/**
	 * The pending setup's {@code otpauth://} URI as a QR code, drawn here so the secret
	 * never goes to a third-party QR service.
	 */
	@GetMapping(path = "/api/v1/auth/totp/qr-code", produces = "image/svg+xml")
	ResponseEntity<String> totpQrCode(Authentication authentication,
			@RequestParam(required = false) @Nullable String ticket) {
		String uri = this.secondFactor.pendingUri(CurrentLogin.accountId(authentication), ticket)
			.orElseThrow(() -> new BastionException(ErrorCode.NOT_FOUND,
					"No setup waits for this QR code; open the qr_code_url of the setup's answer."));
		return ResponseEntity.ok().contentType(SVG).body(QrCodes.svg(uri));
	}

	@PostMapping("/api/v1/auth/totp/confirm")
	Map<String, List<Secret>> confirmTotp(Authentication authentication, @RequestBody CodeRequest request) {
		return Map.of("recovery_codes",
				this.secondFactor.confirm(CurrentLogin.accountId(authentication), request.totpCode()));
	}

	@PostMapping("/api/v1/auth/totp/disable")
	ResponseEntity<Void> disableTotp(Authentication authentication, @RequestBody DisableRequest request) {
		this.secondFactor.disable(CurrentLogin.accountId(authentication), request.password(), request.totpCode());
		return ResponseEntity.noContent().build();
	}

	record PasswordRequest(@Nullable Secret password) {

	}

	record CodeRequest(@Nullable Secret totpCode) {

	}

	record DisableRequest(@Nullable Secret password, @Nullable Secret totpCode) {

	}

}
