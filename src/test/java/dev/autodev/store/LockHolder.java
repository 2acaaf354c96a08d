package dev.autodev.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** Child JVM main: takes the store lock, says LOCKED, and holds it until told to release. */
public final class LockHolder {

  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    StoreLock lock = new StoreLock(Path.of(args[0]), Duration.ofSeconds(30));
    StoreLock.Held held = lock.acquire();
    System.out.println("LOCKED");
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    in.readLine();
    held.close();
    System.out.println("RELEASED");
    System.out.flush();
    in.readLine();
  }
}
