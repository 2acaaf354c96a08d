/**
 * Who may call the HTTP API: the bearer token (configured, or generated when the server listens
 * beyond loopback), and the Host/Origin checks that keep web pages in a browser out (DNS rebinding,
 * cross-site requests). Loaded only where the web server runs.
 */
@NullMarked
package dev.autodev.security;

import org.jspecify.annotations.NullMarked;
