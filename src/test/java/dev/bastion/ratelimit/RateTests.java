package dev.bastion.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.bastion.system.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code RATE_LIMIT_*} values as the converter binds them. */
class RateTests {

	private final Rate.FromSetting converter = new Rate.FromSetting();

	@Test
	void everyPartOfAPolicyIsALimit() {
		assertThat(this.converter.convert(" 50/1h , 200/1d").limits()).containsExactly(
				new RatePolicy.Limit(50, Duration.ofHours(1)), new RatePolicy.Limit(200, Duration.ofDays(1)));
	}

	@Test
	void anythingElseIsRefusedWithoutEchoingTheValue() {
		for (String bad : new String[] { "", "10", "10 per minute", "0/1m", "10/0s", "-1/1m" }) {
			assertThatThrownBy(() -> this.converter.convert(bad)).as(bad)
				.isInstanceOf(InvalidSettingException.class)
				.hasMessage("is not a limit like 100/1h or 50/1h,200/1d");
		}
	}

}
