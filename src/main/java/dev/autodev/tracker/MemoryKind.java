package dev.autodev.tracker;

import com.fasterxml.jackson.annotation.JsonValue;

/** The two lists of entries in the memory. */
public enum MemoryKind {
  DECISION("decision"),
  PATTERN("pattern");

  private final String wire;

  MemoryKind(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
