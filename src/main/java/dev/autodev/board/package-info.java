/**
 * The web board: the pages served at {@code /} (static HTML, CSS and ES modules under {@code
 * static/}, drawn from the REST API) and the server-sent-events stream {@code /api/events} that
 * tells every open page, and any script, about each committed change, whichever process made it.
 * Loaded only where the web server runs.
 */
@NullMarked
package dev.autodev.board;

import org.jspecify.annotations.NullMarked;
