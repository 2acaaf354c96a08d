package dev.autodev.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.support.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTests {

  @TempDir Path dir;

  @Test
  void anotherProcessHoldingTheLockMakesUsWaitThenTimeOutClearly() throws Exception {
    Path lockFile = dir.resolve("tasks/.lock");
    StoreLock mine = new StoreLock(lockFile, Duration.ofMillis(400));
    mine.call(() -> null); // creates the file
    try (ChildJvm holder =
        ChildJvm.start(
            dir.resolve("unused"), List.of(), LockHolder.class.getName(), lockFile.toString())) {
      assertThat(holder.nextLine(Duration.ofMinutes(1))).isEqualTo("LOCKED");
      assertThat(mine.isObtainable()).isFalse();
      assertThat(mine.isObtainable(Duration.ofMillis(200))).as("the health probe").isFalse();
      long waitsBefore = mine.waits().count();

      assertThatThrownBy(mine::acquire)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("another process has held the store lock")
          .satisfies(
              e -> assertThat(((StoreException) e).code()).isEqualTo(StoreErrorCode.LOCK_TIMEOUT));

      assertThat(mine.waits().count()).as("a timed-out wait took nothing").isEqualTo(waitsBefore);

      holder.send("release");
      assertThat(holder.nextLine(Duration.ofMinutes(1))).isEqualTo("RELEASED");
      assertThat(mine.isObtainable(Duration.ofSeconds(5))).isTrue();
      assertThat(mine.call(() -> "got it")).isEqualTo("got it");
      assertThat(mine.waits().count()).isEqualTo(waitsBefore + 1);
    }
  }

  @Test
  void twoLockObjectsOnOneFileInOneJvmShareItAndExcludeEachOther() throws Exception {
    Path lockFile = dir.resolve(".lock");
    StoreLock a = new StoreLock(lockFile, Duration.ofSeconds(5));
    StoreLock b = new StoreLock(lockFile, Duration.ofSeconds(5));
    CountDownLatch aHolds = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);

    CompletableFuture<Void> holder =
        CompletableFuture.runAsync(
            () ->
                a.call(
                    () -> {
                      aHolds.countDown();
                      try {
                        release.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return null;
                    }));
    assertThat(aHolds.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> b.call(() -> "b ran"));
    assertThat(waiter).isNotDone();
    release.countDown();
    assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("b ran");
    holder.get(10, TimeUnit.SECONDS);
  }

  @Test
  void theLockIsReentrantInOneThread() {
    StoreLock lock = new StoreLock(dir.resolve(".lock"), Duration.ofSeconds(1));
    assertThat(lock.call(() -> lock.call(() -> lock.isHeldByCurrentThread()))).isTrue();
    assertThat(lock.isHeldByCurrentThread()).isFalse();
  }
}
