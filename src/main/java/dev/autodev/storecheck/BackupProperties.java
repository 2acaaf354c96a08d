package dev.autodev.storecheck;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a backup asked for over the REST API may be written, documented with the same default in
 * the top-level application.yml ({@code autodev.backup.allowed-roots}). The command line's {@code
 * store backup --to DIR} is the local user and is not limited by it.
 *
 * @param allowedRoots folders, besides {@code <home>/backups} (always allowed), that {@code POST
 *     /api/store/backup?to=…} may write into; relative ones are taken from the working directory
 */
@ConfigurationProperties(prefix = "autodev.backup")
public record BackupProperties(@DefaultValue List<Path> allowedRoots) {

  public BackupProperties {
    allowedRoots = allowedRoots == null ? List.of() : List.copyOf(allowedRoots);
  }
}
