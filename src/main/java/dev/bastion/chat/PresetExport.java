package dev.bastion.chat;

import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.bastion.account.ExportContributor;

/** The presets part of a user's data export: every preset, its system prompt included. */
@Component
class PresetExport implements ExportContributor {

	private final Presets presets;

	PresetExport(Presets presets) {
		this.presets = presets;
	}

	@Override
	public String section() {
		return "presets";
	}

	@Override
	public Object export(UUID accountId) {
		return this.presets.list(accountId);
	}

}
