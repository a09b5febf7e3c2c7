package dev.bastion.chat;

import java.util.Locale;

import org.springframework.core.convert.converter.Converter;

import dev.bastion.system.InvalidSettingException;

/** Whether conversations are kept ({@code CHAT_HISTORY}). */
enum HistoryMode {

	/** Only in memory. */
	OFF,

	/** In the database, sealed with {@code CHAT_HISTORY_KEY}. */
	ENCRYPTED;

	/** As written in {@code CHAT_HISTORY}, and as the export reports it. */
	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Binds the value as written, lower case, and refuses anything else. */
	static final class FromSetting implements Converter<String, HistoryMode> {

		@Override
		public HistoryMode convert(String value) {
			return switch (value) {
				case "off" -> OFF;
				case "encrypted" -> ENCRYPTED;
				default -> throw new InvalidSettingException("is neither off nor encrypted",
						"Set CHAT_HISTORY to off (the default) or encrypted.");
			};
		}

	}

}
