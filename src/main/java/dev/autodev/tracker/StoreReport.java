package dev.autodev.tracker;

import java.util.List;

/**
 * What {@code store verify} found in one data folder: {@code problems} make the store unclean (exit
 * 1); {@code notes} are facts worth knowing that need no repair (derived data that is brought up to
 * date on its own, gaps in the audit trail below the state that is intact).
 */
public record StoreReport(
    String home,
    boolean clean,
    long revision,
    int openTasks,
    long archivedRecords,
    long journalEntries,
    List<StoreFinding> problems,
    List<StoreFinding> notes) {

  public StoreReport {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }
}
