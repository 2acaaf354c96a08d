/** Tasks as users see them: the {@code task …} shell commands and the {@code /api/tasks} API. */
@NullMarked
package dev.autodev.task;

import org.jspecify.annotations.NullMarked;
