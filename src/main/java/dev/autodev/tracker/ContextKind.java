package dev.autodev.tracker;

import com.fasterxml.jackson.annotation.JsonValue;

/** The three kinds of entry in a task's context. */
public enum ContextKind {
  FILE("file"),
  DECISION("decision"),
  NOTE("note");

  private final String wire;

  ContextKind(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
