package dev.bastion.admin;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Administration settings.
 *
 * @param socket the Unix socket beside the embedded H2 database, for the commands that
 * must reach the running service while it holds the file ({@code admin backup},
 * {@code admin rotate-history-key}); under {@code DATA_DIR}
 */
@ConfigurationProperties("bastion.admin")
@Validated
record AdminProperties(Path socket) {

}
