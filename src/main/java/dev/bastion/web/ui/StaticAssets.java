package dev.bastion.web.ui;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.CssLinkResourceTransformer;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * Serves {@code /assets/**} under versioned names ({@code bastion-<hash>.css}) that may
 * be cached for a year; templates link to them with {@code @{/assets/...}}, and ES
 * modules' imports are rewritten to the same names. The version is one hash of all the
 * assets, so a module whose import changed gets a new name too. Third-party libraries
 * come from their WebJars under {@code /assets/vendor/}.
 */
@Configuration(proxyBeanMethods = false)
class StaticAssets implements WebMvcConfigurer {

	static final String LOCATION = "classpath:/static/assets/";

	private static final String WEBJARS = "classpath:/META-INF/resources/webjars/";

	private static final Duration ONE_YEAR = Duration.ofDays(365);

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		AssetsVersion version = new AssetsVersion(LOCATION);
		registry.addResourceHandler("/assets/vendor/**")
			.addResourceLocations(WEBJARS)
			.setCacheControl(CacheControl.maxAge(ONE_YEAR).cachePublic().immutable())
			.resourceChain(true)
			.addResolver(new VersionResourceResolver().addVersionStrategy(version, "/**"));
		registry.addResourceHandler("/assets/**")
			.addResourceLocations(LOCATION)
			.setCacheControl(CacheControl.maxAge(ONE_YEAR).cachePublic().immutable())
			.resourceChain(true)
			.addResolver(new VersionResourceResolver().addVersionStrategy(version, "/**"))
			.addTransformer(new CssLinkResourceTransformer())
			.addTransformer(new ModuleImportTransformer());
	}

}
