package dev.autodev.tracker;

import java.util.List;

/**
 * What {@code store verify} found in one data folder: {@code problems} make the store unclean (exit
 * 1); {@code notes} are facts worth knowing that need no repair (derived data that is brought up to
 * date on its own, gaps in the audit trail below the state that is intact); {@code recovery} is
 * what the automatic recovery would do at the next start of a process that can write the store —
 * verify itself changes nothing.
 */
public record StoreReport(
    String home,
    boolean clean,
    long revision,
    int openTasks,
    long archivedRecords,
    long journalEntries,
    List<StoreFinding> problems,
    List<StoreFinding> notes,
    List<String> recovery) {

  public StoreReport {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
    recovery = List.copyOf(recovery);
  }
}
