package dev.bastion.auth.sso;

import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.bastion.account.ExportContributor;

/** The account's single sign-on links in its data export. */
@Component
class SsoExport implements ExportContributor {

	private final SsoLinks links;

	SsoExport(SsoLinks links) {
		this.links = links;
	}

	@Override
	public String section() {
		return "single_sign_on";
	}

	@Override
	public Object export(UUID accountId) {
		return this.links.list(accountId);
	}

}
