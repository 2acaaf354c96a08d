package dev.autodev.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The project type: the document of {@code memory project-type --json} and its REST resource; an
 * unset type is an explicit null rather than an empty document.
 */
record ProjectType(@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String projectType) {}
