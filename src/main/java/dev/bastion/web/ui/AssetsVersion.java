package dev.bastion.web.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.web.servlet.resource.ContentVersionStrategy;

/**
 * One version for every asset: a SHA-256 of all files under the assets location (their
 * names and contents), cut to 128 bits. A change anywhere renames everything, which keeps
 * year-long caching right for modules that import each other. The vendor libraries are
 * covered because the module that imports them names their exact version.
 */
final class AssetsVersion extends ContentVersionStrategy {

	private static final int VERSION_BYTES = 16;

	private final String version;

	AssetsVersion(String location) {
		this.version = hashOf(location);
	}

	@Override
	public String getResourceVersion(Resource resource) {
		return this.version;
	}

	private static String hashOf(String location) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			Resource[] files = new PathMatchingResourcePatternResolver().getResources(location + "**/*");
			Arrays.sort(files, Comparator.comparing(AssetsVersion::urlOf));
			for (Resource file : files) {
				if (file.isReadable()) {
					digest.update(urlOf(file).substring(urlOf(file).lastIndexOf("/assets/") + 1)
						.getBytes(StandardCharsets.UTF_8));
					try (InputStream in = file.getInputStream()) {
						digest.update(in.readAllBytes());
					}
				}
			}
			// 128 bits name a version well enough, and keep the names Spring's usual
			// length.
			return HexFormat.of().formatHex(digest.digest(), 0, VERSION_BYTES);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String urlOf(Resource resource) {
		try {
			return resource.getURL().toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
