/**
 * The project's memory as users and agents see it: the {@code memory …} commands, /api/memory, the
 * search over it, and the context export — a briefing trimmed to a budget for an agent's next
 * prompt.
 */
@NullMarked
package dev.autodev.memory;

import org.jspecify.annotations.NullMarked;
