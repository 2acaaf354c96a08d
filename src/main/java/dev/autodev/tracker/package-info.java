/**
 * The tracked state and the only way to change it: {@link dev.autodev.tracker.TaskTracker} applies
 * a change under the store lock, publishes it, and the {@link dev.autodev.tracker.AutoSaveListener}
 * makes it durable before the caller hears it is done.
 */
@NullMarked
package dev.autodev.tracker;

import org.jspecify.annotations.NullMarked;
