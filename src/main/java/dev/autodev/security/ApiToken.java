package dev.autodev.security;

import dev.autodev.store.StoreFileModes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The token that API calls must present, or none. It is the configured {@code autodev.api.token};
 * else, when the server listens beyond loopback, the one in {@code <home>/api-token}, generated on
 * the first such start (owner-only file) and reused after; else none, and loopback callers need no
 * token (the Host/Origin checks still apply).
 */
final class ApiToken {

  private static final int RANDOM_BYTES = 32;

  private final byte @Nullable [] expected;
  private final @Nullable Path file;
  private final boolean loopback;

  private ApiToken(@Nullable String token, @Nullable Path file, boolean loopback) {
    this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.file = file;
    this.loopback = loopback;
  }

  static ApiToken resolve(
      @Nullable String configured, @Nullable String serverAddress, Path tokenFile) {
    boolean loopback = isLoopback(serverAddress);
    if (configured != null) {
      return new ApiToken(configured, null, loopback);
    }
    if (loopback) {
      return new ApiToken(null, null, true);
    }
    return new ApiToken(readOrCreate(tokenFile), tokenFile, false);
  }

  /** Whether the server listens on loopback only (then requests must be addressed locally). */
  boolean loopback() {
    return loopback;
  }

  /** Whether calls must present the token. */
  boolean required() {
    return expected != null;
  }

  /** The generated token's file, when the token came from one. */
  @Nullable Path file() {
    return file;
  }

  /** Compares in constant time, so the response time leaks nothing about the token. */
  boolean matches(String presented) {
    byte[] want = expected;
    return want != null && MessageDigest.isEqual(want, presented.getBytes(StandardCharsets.UTF_8));
  }

  /** Loopback only when the address names this machine's loopback; unset means every interface. */
  static boolean isLoopback(@Nullable String address) {
    if (address == null || address.isBlank()) {
      return false;
    }
    try {
      return InetAddress.getByName(address.trim()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false; // the web server will fail to bind it anyway; assume the safer case
    }
  }

  private static String readOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      String open = StoreFileModes.openToOthers(file);
      if (open != null) {
        // Like ssh with a private key: a secret others may have read is not used. Tightening the
        // mode would not take the token back from whoever read it.
        throw new IllegalStateException(
            "the API token file "
                + file
                + " is open to other users (mode "
                + open
                + "), so they may know the token; delete it to have a new token generated at the"
                + " next start (or, if nobody else can have read it, make it private: chmod 600 "
                + file
                + ")");
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (token.length() < ApiTokenProperties.MIN_LENGTH) {
        throw new IllegalStateException(
            "the API token file "
                + file
                + " holds no usable token (at least "
                + ApiTokenProperties.MIN_LENGTH
                + " characters); delete it to have a new one generated");
      }
      return token;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read or create the API token file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a fresh token to a private temp file and links it in place, so no reader sees half. */
  private static void create(Path file) throws IOException {
    byte[] random = new byte[RANDOM_BYTES];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    StoreFileModes.createDirectories(file.toAbsolutePath().getParent());
    Path tmp =
        Files.createTempFile(
            file.toAbsolutePath().getParent(), ".api-token", ".tmp", StoreFileModes.forFile(file));
    try {
      Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException e) {
        // another process generated it first: use theirs
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, file);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
