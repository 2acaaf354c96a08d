/**
 * Durable file primitives: the cross-process lock, atomic replace, checksummed append-only files,
 * and the store's health. Knows nothing about tasks; the tracker builds its repositories on it.
 */
@NullMarked
package dev.autodev.store;

import org.jspecify.annotations.NullMarked;
