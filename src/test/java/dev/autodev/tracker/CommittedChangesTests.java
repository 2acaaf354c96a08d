package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.store.RealStoreFileSystem;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.support.Await;
import dev.autodev.support.TrackerContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CommittedChanges} gives every committed change after a revision, in order and without a
 * gap, from journal.jsonl or the rotated segments, and never one that is not committed: a torn last
 * line, or a change whose save failed and was rolled back while the reader waited for the lock.
 */
class CommittedChangesTests {

  @TempDir Path home;

  private static List<Long> revisions(CommittedChanges.Batch batch) {
    return batch.entries().stream().map(JournalEntry::rev).toList();
  }

  private static List<Long> range(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().toList();
  }

  @Test
  void everyChangeAfterARevisionComesInOrderWithItsEvents() {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker tracker = ctx.tracker();
      CommittedChanges changes = ctx.bean(CommittedChanges.class);
      assertThat(changes.latest()).isZero();
      assertThat(changes.after(0, 10)).isEqualTo(new CommittedChanges.Batch(List.of(), 0, true));

      Task a = tracker.create(NewTask.named("a"));
      tracker.start(a.id(), false);
      tracker.addContext(a.id(), ContextKind.NOTE, "a note");
      tracker.complete(a.id(), false);
      long latest = tracker.state().revision();

      assertThat(changes.latest()).isEqualTo(latest);
      CommittedChanges.Batch all = changes.after(0, 100);
      assertThat(all.continuous()).isTrue();
      assertThat(all.latest()).isEqualTo(latest);
      assertThat(revisions(all)).isEqualTo(range(1, latest));
      assertThat(all.entries().get(0).events()).contains(new DomainEvent.TaskCreated(a.id(), "a"));
      assertThat(all.entries().get((int) latest - 1).events().get(0))
          .isInstanceOf(DomainEvent.TaskCompleted.class);

      assertThat(revisions(changes.after(1, 2))).containsExactly(2L, 3L);
      assertThat(changes.after(latest, 5).entries()).isEmpty();
      assertThat(changes.after(latest, 5).continuous()).isTrue();

      // A revision the store never reached: the folder was restored or is another store.
      CommittedChanges.Batch ahead = changes.after(latest + 3, 5);
      assertThat(ahead.continuous()).isFalse();
      assertThat(ahead.entries()).isEmpty();
      assertThat(ahead.latest()).isEqualTo(latest);
      assertThatThrownBy(() -> changes.after(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void revisionsOlderThanJournalJsonlAreReadFromTheRotatedSegments() {
    // Rotated by hand, so no background rotation moves entries while the test reads them.
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker tracker = ctx.tracker();
      JournalRotation rotation = ctx.bean(JournalRotation.class);
      CommittedChanges changes = ctx.bean(CommittedChanges.class);
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 15; i++) {
          tracker.create(NewTask.named("round " + round + " task " + i));
        }
        assertThat(rotation.rotate()).isPresent();
      }
      for (int i = 0; i < 5; i++) {
        tracker.create(NewTask.named("after the last rotation " + i));
      }
      long latest = tracker.state().revision();
      JournalRepository journal = ctx.bean(JournalRepository.class);
      long firstInJournal = journal.readAfter(0).lines().get(0).entry().rev();
      assertThat(ctx.bean(JournalArchive.class).segments()).hasSizeGreaterThanOrEqualTo(3);
      assertThat(firstInJournal).isGreaterThan(30);

      assertThat(revisions(changes.after(0, 1000))).isEqualTo(range(1, latest));
      assertThat(revisions(changes.after(5, 4))).isEqualTo(range(6, 9));
      // Across the seam between the newest segment and journal.jsonl.
      assertThat(revisions(changes.after(firstInJournal - 3, 6)))
          .isEqualTo(range(firstInJournal - 2, firstInJournal + 3));
      assertThat(changes.latest()).isEqualTo(latest);
    }
  }

  @Test
  void aTornLastLineIsNotACommittedChange() throws IOException {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker tracker = ctx.tracker();
      CommittedChanges changes = ctx.bean(CommittedChanges.class);
      tracker.create(NewTask.named("kept"));
      long latest = tracker.state().revision();
      // A writer killed in the middle of its append leaves half a line, never acknowledged.
      Files.write(
          home.resolve("tasks/journal.jsonl"),
          "{\"crc\":\"00000000\",\"entry\":{\"schema_version\":1,\"rev\":"
              .getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.APPEND);

      assertThat(changes.latest()).isEqualTo(latest);
      assertThat(revisions(changes.after(latest - 1, 10))).containsExactly(latest);
      assertThat(changes.after(latest, 10).entries()).isEmpty();
    }
  }

  @Test
  void aReaderWaitsForTheWriterAndNeverSeesAChangeThatWasRolledBack() throws Exception {
    CountDownLatch journalWritten = new CountDownLatch(1);
    AtomicReference<Thread> reader = new AtomicReference<>();
    AtomicBoolean failed = new AtomicBoolean();
    StoreFileSystem stallingThenFailing =
        new Delegating(new RealStoreFileSystem()) {
          @Override
          public void rename(Path source, Path target) throws IOException {
            if (target.getFileName().toString().equals("current.json")
                && journalWritten.getCount() == 0
                && reader.get() != null
                && failed.compareAndSet(false, true)) {
              // The journal line of this change is on disk and fsynced, the lock is held: wait
              // until the reader is blocked on the lock, then fail the snapshot's rename.
              Await.until(
                  Duration.ofSeconds(10),
                  "the reader waits for the store lock",
                  () -> reader.get().getState() == Thread.State.TIMED_WAITING);
              throw new IOException("simulated failure of the snapshot rename");
            }
            super.rename(source, target);
          }

          @Override
          public void append(Path file, byte[] data, boolean sync) throws IOException {
            super.append(file, data, sync);
            if (file.getFileName().toString().equals("journal.jsonl")
                && new String(data, StandardCharsets.UTF_8).contains("rolled back")) {
              journalWritten.countDown();
              Await.until(Duration.ofSeconds(10), "the reader started", () -> reader.get() != null);
            }
          }
        };
    try (TrackerContext ctx = TrackerContext.open(home, stallingThenFailing)) {
      TaskTracker tracker = ctx.tracker();
      CommittedChanges changes = ctx.bean(CommittedChanges.class);
      tracker.create(NewTask.named("kept"));
      long before = tracker.state().revision();

      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(() -> tracker.create(NewTask.named("rolled back")));
      assertThat(journalWritten.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<CommittedChanges.Batch> read = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  read.complete(changes.after(before, 10));
                } catch (RuntimeException e) {
                  read.completeExceptionally(e);
                }
              });
      reader.set(t);
      t.start();

      assertThatThrownBy(writer::join).hasCauseInstanceOf(StoreException.class);
      CommittedChanges.Batch batch = read.get(10, TimeUnit.SECONDS);
      assertThat(batch.entries()).isEmpty();
      assertThat(batch.latest()).isEqualTo(before);
      assertThat(batch.continuous()).isTrue();
    }
  }

  /** Passes every operation to a real file system; tests override the ones they intercept. */
  private static class Delegating implements StoreFileSystem {
    private final StoreFileSystem real;

    Delegating(StoreFileSystem real) {
      this.real = real;
    }

    @Override
    public void write(Path file, byte[] data, boolean sync) throws IOException {
      real.write(file, data, sync);
    }

    @Override
    public void append(Path file, byte[] data, boolean sync) throws IOException {
      real.append(file, data, sync);
    }

    @Override
    public void truncate(Path file, long size) throws IOException {
      real.truncate(file, size);
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
      real.rename(source, target);
    }

    @Override
    public void link(Path link, Path existing) throws IOException {
      real.link(link, existing);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
      real.syncDirectory(dir);
    }

    @Override
    public void delete(Path file) throws IOException {
      real.delete(file);
    }
  }
}
