/** Cross-cutting HTTP glue: turning every failure into an RFC 9457 problem detail. */
@NullMarked
package dev.autodev.web;

import org.jspecify.annotations.NullMarked;
