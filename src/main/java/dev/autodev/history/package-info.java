/**
 * History: questions about finished tasks at any scale. Queries and statistics over the archive
 * ({@code task history}, {@code task search}, {@code task stats}, {@code task log} and their REST
 * endpoints), {@code history/index.json}, and the compaction that compresses closed segments, run
 * on demand ({@code store compact}) and in the background. Builds on the tracker's archive and
 * never changes tracked state.
 */
@NullMarked
package dev.autodev.history;

import org.jspecify.annotations.NullMarked;
