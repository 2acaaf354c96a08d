package dev.autodev.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The health probe's cheap "files valid" check: each snapshot file is absent (a fresh store) or
 * parses as a JSON object with a {@code schema_version} and, when it carries one, a checksum that
 * holds. A file is read again only when its stamp (identity, size, modification time) changed, so
 * frequent health checks of an idle store read nothing.
 */
final class SnapshotFilesCheck {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<Path> files;
  private final Map<Path, Verdict> cache = new ConcurrentHashMap<>();

  private record Verdict(FileStamp stamp, String state) {}

  SnapshotFilesCheck(List<Path> files) {
    this.files = List.copyOf(files);
  }

  /** Each file's state: {@code valid}, {@code absent}, or why it is invalid. */
  Map<String, String> states() {
    Map<String, String> states = new LinkedHashMap<>();
    for (Path file : files) {
      states.put(String.valueOf(file.getFileName()), state(file));
    }
    return states;
  }

  static boolean allValid(Map<String, String> states) {
    return states.values().stream().allMatch(s -> s.equals("valid") || s.equals("absent"));
  }

  private String state(Path file) {
    FileStamp stamp;
    try {
      stamp = FileStamp.of(file);
    } catch (StoreException e) {
      return "unreadable: " + e.getMessage();
    }
    Verdict cached = cache.get(file);
    if (cached != null && cached.stamp().equals(stamp)) {
      return cached.state();
    }
    String state = stamp.equals(FileStamp.ABSENT) ? "absent" : parse(file);
    cache.put(file, new Verdict(stamp, state));
    return state;
  }

  private static String parse(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      JsonNode root = JSON.readTree(bytes);
      if (root == null || !root.isObject()) {
        return "invalid: not a JSON object";
      }
      JsonNode version = root.get("schema_version");
      if (version == null || !version.isIntegralNumber()) {
        return "invalid: no schema_version";
      }
      ChecksummedDocument.verify(bytes); // files from before checksums have none to check
      return "valid";
    } catch (ChecksummedDocument.Corrupt e) {
      return "invalid: " + e.getMessage();
    } catch (IOException e) {
      // Replaced between the stamp and the read, or unreadable: report it, the next probe retries.
      return "unreadable: " + e.getMessage();
    } catch (JacksonException e) {
      return "invalid: " + e.getOriginalMessage();
    }
  }
}
