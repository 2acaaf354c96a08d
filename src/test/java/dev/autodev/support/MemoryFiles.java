package dev.autodev.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.tracker.TrackerJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads memory.json and the mirror in current.json as they are on disk, for tests to compare. */
public final class MemoryFiles {

  private MemoryFiles() {}

  /** memory.json's content without its own schema_version, checksum and revision. */
  public static JsonNode memoryJson(Path home) {
    ObjectNode node = (ObjectNode) read(home.resolve("tasks/memory.json"));
    node.remove("schema_version");
    node.remove("checksum");
    node.remove("revision");
    return node;
  }

  /** The {@code memory} section of current.json. */
  public static JsonNode mirror(Path home) {
    return read(home.resolve("tasks/current.json")).get("memory");
  }

  /** The mirror in current.json holds exactly what memory.json holds. */
  public static void assertMirrorEqualsMemoryJson(Path home) {
    assertThat(mirror(home)).as("current.json's memory mirror").isEqualTo(memoryJson(home));
  }

  private static JsonNode read(Path file) {
    try {
      return TrackerJson.mapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
