package dev.autodev.memory;

import org.jspecify.annotations.Nullable;

/** The project type: the document of {@code memory project-type --json} and its REST resource. */
record ProjectType(@Nullable String projectType) {}
