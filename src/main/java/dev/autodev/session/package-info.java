/** Sessions and runs as users see them: where work stands, and how the last run ended. */
@NullMarked
package dev.autodev.session;

import org.jspecify.annotations.NullMarked;
