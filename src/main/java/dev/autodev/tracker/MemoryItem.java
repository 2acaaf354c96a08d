package dev.autodev.tracker;

/** A memory entry together with the list it belongs to, as looked up or forgotten by id. */
public record MemoryItem(MemoryKind kind, MemoryEntry entry) {}
