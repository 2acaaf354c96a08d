/**
 * The command-line glue: choosing the mode from the arguments, parsing a command without
 * re-splitting it, running it through Spring Shell's registry, and turning the outcome into output
 * and an exit code.
 */
@NullMarked
package dev.autodev.cli;

import org.jspecify.annotations.NullMarked;
