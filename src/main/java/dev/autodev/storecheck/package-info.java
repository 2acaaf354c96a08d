/**
 * Checking and mending a store by hand: {@code store verify}, {@code store repair}, {@code store
 * backup} and {@code store restore}, and their REST twins under {@code /api/store}. The checks and
 * fixes themselves live with the file formats in the tracker; this package is their adapter, plus
 * the backups.
 */
@NullMarked
package dev.autodev.storecheck;

import org.jspecify.annotations.NullMarked;
