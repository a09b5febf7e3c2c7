package dev.bastion.web.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.Resource;
import org.springframework.web.servlet.resource.ResourceTransformerChain;
import org.springframework.web.servlet.resource.ResourceTransformerSupport;
import org.springframework.web.servlet.resource.TransformedResource;

/**
 * Rewrites the imports of Bastion's ES modules ({@code from './api.js'},
 * {@code import '/assets/x.js'}, and {@code import('./screens/x.js')} with a literal
 * name) to the versioned names, as Spring's {@code CssLinkResourceTransformer} does for
 * CSS links. Only relative and {@code /assets/} specifiers are touched; the modules use
 * no other kind.
 */
final class ModuleImportTransformer extends ResourceTransformerSupport {

	private static final Pattern IMPORT = Pattern
		.compile("(\\b(?:from|import)\\s*\\(?\\s*)(['\"])((?:\\./|\\.\\./|/assets/)[^'\"\\s]+\\.js)\\2");

	@Override
	public Resource transform(HttpServletRequest request, Resource resource, ResourceTransformerChain chain)
			throws IOException {
		Resource transformed = chain.transform(request, resource);
		String name = transformed.getFilename();
		if (name == null || !name.endsWith(".js")) {
			return transformed;
		}
		String content = new String(transformed.getContentAsByteArray(), StandardCharsets.UTF_8);
		Matcher matcher = IMPORT.matcher(content);
		StringBuilder result = new StringBuilder(content.length());
		while (matcher.find()) {
			String versioned = resolveUrlPath(matcher.group(3), request, resource, chain);
			String target = (versioned != null) ? versioned : matcher.group(3);
			matcher.appendReplacement(result,
					Matcher.quoteReplacement(matcher.group(1) + matcher.group(2) + target + matcher.group(2)));
		}
		matcher.appendTail(result);
		return new TransformedResource(transformed, result.toString().getBytes(StandardCharsets.UTF_8));
	}

}
