package dev.autodev.tracker;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The single best task to do now and why: the document of {@code task next --json} and GET
 * /api/tasks/next. When nothing is ready, {@code task} is null and {@code reason} says why.
 *
 * @param reason what ranks it first, and which rule set it apart from the runner-up
 * @param unblocks how many open tasks wait on it, directly or through other tasks
 * @param command the command that takes it up: {@code task start …} or {@code task retry …}
 */
public record NextTask(
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Task task,
    String reason,
    int unblocks,
    @Nullable String command,
    int readyCount,
    int blockedCount,
    int inProgressCount) {}
