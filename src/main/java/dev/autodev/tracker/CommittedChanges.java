package dev.autodev.tracker;

import dev.autodev.store.StoreException;
import dev.autodev.store.StoreLock;
import dev.autodev.store.StorePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Reads the changes other parts of the system committed, in revision order, from wherever they are:
 * journal.jsonl, or the rotated journal segments in history/ when journal.jsonl no longer reaches
 * back that far. This is how a process learns about changes made by any process on the same data
 * folder (a one-shot command, a shell, another server): the journal is the one ordered record of
 * every committed change.
 *
 * <p>Reads happen under the store lock. A journal line is the commit point of the write protocol,
 * but a change whose later steps fail is rolled back (its line cut off again) before the lock is
 * released; under the lock every complete line is a change that stays — acknowledged, or recovered
 * by the next start if its writer died. A torn last line (a writer killed mid-append) is never
 * returned. Reading takes milliseconds: the journal is read backwards from its end, and a rotated
 * segment only when a caller asks for revisions older than journal.jsonl.
 */
@Component
public class CommittedChanges {

  private final StoreLock lock;
  private final JournalRepository journal;
  private final JournalArchive archive;
  private final StorePaths paths;

  CommittedChanges(
      StoreLock lock, JournalRepository journal, JournalArchive archive, StorePaths paths) {
    this.lock = lock;
    this.journal = journal;
    this.archive = archive;
    this.paths = paths;
  }

  /**
   * What {@link #after} found.
   *
   * @param entries the committed entries after the revision asked for, consecutive and in order
   * @param latest the newest committed revision in the store (0 for an empty store)
   * @param continuous false when the revisions after the one asked for cannot be read in order: the
   *     revision is newer than the store's newest (the folder was restored from an older backup, or
   *     is another store), or a revision between is missing (a damaged line that {@code store
   *     repair} dropped); then {@code entries} is empty and the caller must start again from {@code
   *     latest}
   */
  public record Batch(List<JournalEntry> entries, long latest, boolean continuous) {
    public Batch {
      entries = List.copyOf(entries);
    }
  }

  /** The file every committed change is appended to: watch it to learn of new changes. */
  public Path journalFile() {
    return paths.journal();
  }

  /** The newest committed revision (0 for an empty store). */
  public long latest() {
    return lock.call(this::latestLocked);
  }

  /**
   * Up to {@code max} committed entries after {@code revision}, oldest first, with no gap: {@code
   * revision + 1}, {@code revision + 2}, … Reads the rotated journal segments first when
   * journal.jsonl no longer holds {@code revision + 1}.
   */
  public Batch after(long revision, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    return lock.call(() -> afterLocked(revision, max));
  }

  private Batch afterLocked(long revision, int max) {
    long latest = latestLocked();
    if (revision > latest || revision < 0) {
      return new Batch(List.of(), latest, false);
    }
    if (revision == latest) {
      return new Batch(List.of(), latest, true);
    }
    List<JournalEntry> recent = new ArrayList<>();
    for (JournalRepository.Line line : journal.readAfter(revision).lines()) {
      if (line.entry() == null) {
        break; // a damaged line: nothing after it can be delivered in order
      }
      recent.add(line.entry());
    }
    List<JournalEntry> out = new ArrayList<>();
    long[] expected = {revision + 1};
    boolean[] hole = {false};
    if (recent.isEmpty() || recent.get(0).rev() > expected[0]) {
      try {
        archive.entriesAfter(
            revision,
            e -> {
              if (e.rev() != expected[0]) {
                hole[0] = true;
                return true;
              }
              out.add(e);
              expected[0]++;
              return out.size() >= max;
            });
      } catch (StoreException e) {
        hole[0] = true; // a damaged rotated segment: its revisions cannot be replayed
      }
    }
    for (JournalEntry e : recent) {
      if (hole[0] || out.size() >= max) {
        break;
      }
      if (e.rev() < expected[0]) {
        continue; // also in a rotated segment (a rotation interrupted between its two steps)
      }
      if (e.rev() != expected[0]) {
        hole[0] = true;
        break;
      }
      out.add(e);
      expected[0]++;
    }
    long reached = expected[0] - 1;
    if (hole[0] || (out.size() < max && reached < latest)) {
      return new Batch(List.of(), latest, false);
    }
    return new Batch(out, latest, true);
  }

  /** The revision of the newest readable journal line, else of the rotated segments. */
  private long latestLocked() {
    JournalEntry newest = journal.newest();
    return newest != null ? newest.rev() : archive.lastRotated();
  }
}
