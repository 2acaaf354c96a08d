package dev.autodev.memory;

/** One free fact of the memory: the document of {@code memory get/set/unset --json} and REST. */
record Fact(String key, String value) {}
