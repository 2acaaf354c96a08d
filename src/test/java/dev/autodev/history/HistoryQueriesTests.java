package dev.autodev.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.tracker.ArchivedRecords;
import dev.autodev.tracker.ArchivedTask;
import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Priority;
import dev.autodev.tracker.Segment;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every filter of {@code task history}, checked against a brute-force reading of all records, over
 * a history of compressed and plain segments together, page by page: the pages concatenated must be
 * exactly the expected records, in order, with no duplicate and no gap.
 */
class HistoryQueriesTests {

  @TempDir static Path home;
  static HistoryContext ctx;
  static List<Positioned> all; // newest first
  static Set<UUID> parents = new HashSet<>();

  /** A record and its position: segment order, then line. */
  record Positioned(Segment segment, int ordinal, ArchivedTask record, boolean superseded) {}

  @BeforeAll
  static void generate() throws Exception {
    HistoryGenerator.generate(
        home,
        HistoryGenerator.Options.of(2500)
            .months(4)
            .segmentMaxBytes(512 * 1024)
            .compressed(true, 3));
    ctx = HistoryContext.open(home);
    all = bruteForce();
    for (Positioned p : all) {
      if (p.record().task().parentId() != null) {
        parents.add(p.record().task().parentId());
      }
    }
  }

  @AfterAll
  static void close() {
    ctx.close();
  }

  /**
   * Every intact record, newest first, marked superseded when a later record of the task exists.
   */
  static List<Positioned> bruteForce() {
    List<Positioned> list = new ArrayList<>();
    for (Segment s : ctx.archive().segments()) {
      int[] ordinal = {0};
      ctx.archive()
          .scan(
              s.path(),
              r -> {
                list.add(new Positioned(s, ordinal[0]++, r, false));
                return false;
              });
    }
    Collections.reverse(list);
    Set<UUID> seen = new HashSet<>();
    Set<UUID> open = ctx.tracker().state().tasks().keySet();
    List<Positioned> marked = new ArrayList<>();
    for (Positioned p : list) {
      UUID id = p.record().task().id();
      boolean superseded = !seen.add(id) || open.contains(id);
      marked.add(new Positioned(p.segment(), p.ordinal(), p.record(), superseded));
    }
    return marked;
  }

  private static List<ArchivedTask> expected(Predicate<ArchivedTask> filter, boolean attempts) {
    return all.stream()
        .filter(p -> attempts || !p.superseded())
        .map(Positioned::record)
        .filter(filter)
        .toList();
  }

  /** All pages of a query, concatenated. */
  private static List<UUID> walk(HistoryQuery q) {
    List<UUID> ids = new ArrayList<>();
    Cursor cursor = null;
    for (int page = 0; page < 10_000; page++) {
      HistoryQueries.HistoryPage p = ctx.queries().history(q.withCursor(cursor));
      p.records().forEach(r -> ids.add(r.task().id()));
      if (p.nextCursor() == null) {
        return ids;
      }
      assertThat(p.records()).hasSize(q.limit());
      cursor = Cursor.decode(p.nextCursor());
    }
    throw new AssertionError("paging did not end");
  }

  private static QueryInput.Raw raw(Map<String, String> o) {
    return new QueryInput.Raw(
        o.get("status"),
        o.get("text"),
        o.get("tag"),
        o.get("priority"),
        o.get("parent"),
        o.get("session"),
        o.get("since"),
        o.get("until"),
        o.get("created-since"),
        o.get("created-until"),
        o.get("min-duration"),
        o.get("max-duration"),
        o.containsKey("attempts"),
        Integer.valueOf(o.getOrDefault("limit", "13")),
        null);
  }

  /** A case: options as typed, and the reference predicate. */
  record Case(String name, Map<String, String> options, Predicate<ArchivedTask> reference) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static boolean text(Task t, String needle) {
    String n = needle.toLowerCase(Locale.ROOT);
    return Stream.concat(
            Stream.of(t.name(), t.description() == null ? "" : t.description()),
            Stream.concat(t.context().decisions().stream(), t.context().notes().stream()))
        .anyMatch(s -> s.toLowerCase(Locale.ROOT).contains(n));
  }

  private static long at(String day) {
    return Instant.parse(day + "T00:00:00Z").toEpochMilli();
  }

  static Stream<Case> filters() {
    UUID parent = parents.stream().sorted().findFirst().orElseThrow();
    Task sample = all.get(all.size() / 2).record().task();
    UUID session = sample.sessionId();
    return Stream.of(
        new Case("no filter", Map.of(), r -> true),
        new Case(
            "status completed",
            Map.of("status", "completed"),
            r -> r.task().status() == TaskStatus.COMPLETED),
        new Case(
            "status failed",
            Map.of("status", "FAILED"),
            r -> r.task().status() == TaskStatus.FAILED),
        new Case("text, common word", Map.of("text", "flaky"), r -> text(r.task(), "flaky")),
        new Case(
            "text, rare word in another case",
            Map.of("text", "QUOKKA"),
            r -> text(r.task(), "quokka")),
        new Case(
            "text, phrase with punctuation",
            Map.of("text", "two-phase rename"),
            r -> text(r.task(), "two-phase rename")),
        new Case("text, two letters", Map.of("text", "Qu"), r -> text(r.task(), "qu")),
        new Case(
            "text, in a description only",
            Map.of("text", "quarterly release"),
            r -> text(r.task(), "quarterly release")),
        new Case("text, nowhere", Map.of("text", "xylophone"), r -> text(r.task(), "xylophone")),
        new Case(
            "tag",
            Map.of("tag", "DB"),
            r -> r.task().tags().stream().anyMatch(t -> t.equalsIgnoreCase("db"))),
        new Case("priority", Map.of("priority", "high"), r -> r.task().priority() == Priority.HIGH),
        new Case(
            "parent, full id",
            Map.of("parent", parent.toString()),
            r -> parent.equals(r.task().parentId())),
        new Case(
            "parent, prefix",
            Map.of("parent", parent.toString().substring(0, 5)),
            r ->
                r.task().parentId() != null
                    && r.task()
                        .parentId()
                        .toString()
                        .startsWith(parent.toString().substring(0, 5))),
        new Case(
            "session, full id",
            Map.of("session", session.toString()),
            r -> session.equals(r.task().sessionId())),
        new Case(
            "session, prefix",
            Map.of("session", session.toString().substring(0, 6)),
            r ->
                r.task().sessionId() != null
                    && r.task()
                        .sessionId()
                        .toString()
                        .startsWith(session.toString().substring(0, 6))),
        new Case(
            "finished in one month",
            Map.of("since", "2026-03-01", "until", "2026-04-01"),
            r -> {
              long f = ArchivedRecords.finishedAt(r).toEpochMilli();
              return f >= at("2026-03-01") && f < at("2026-04-01");
            }),
        new Case(
            "finished since an instant",
            Map.of("since", "2026-05-20T06:30:00Z"),
            r -> !ArchivedRecords.finishedAt(r).isBefore(Instant.parse("2026-05-20T06:30:00Z"))),
        new Case(
            "created in a range",
            Map.of("created-since", "2026-02-10", "created-until", "2026-02-20"),
            r -> {
              long c = r.task().createdAt().toEpochMilli();
              return c >= at("2026-02-10") && c < at("2026-02-20");
            }),
        new Case(
            "duration between 30m and 1h30m",
            Map.of("min-duration", "30m", "max-duration", "1h30m"),
            r -> r.task().durationSeconds() >= 1800 && r.task().durationSeconds() <= 5400),
        new Case(
            "long tasks only",
            Map.of("min-duration", "PT5H"),
            r -> r.task().durationSeconds() >= 5 * 3600),
        new Case(
            "combined: failed, tag, one month",
            Map.of("status", "failed", "tag", "api", "since", "2026-02-01", "until", "2026-03-01"),
            r ->
                r.task().status() == TaskStatus.FAILED
                    && r.task().tags().contains("api")
                    && ArchivedRecords.finishedAt(r).toEpochMilli() >= at("2026-02-01")
                    && ArchivedRecords.finishedAt(r).toEpochMilli() < at("2026-03-01")),
        new Case(
            "attempts: failed ones, retried ones included",
            Map.of("status", "failed", "attempts", "true"),
            r -> r.task().status() == TaskStatus.FAILED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void everyFilterMatchesTheBruteForceAnswerAcrossAllPages(Case c) {
    HistoryQuery q = QueryInput.history(raw(c.options()));
    List<UUID> expected =
        expected(c.reference(), q.attempts()).stream().map(r -> r.task().id()).toList();
    if (!c.name().contains("nowhere")) {
      assertThat(expected).as("a case that matches nothing proves little").isNotEmpty();
    }
    assertThat(walk(q)).as(c.name()).containsExactlyElementsOf(expected);
  }

  @Test
  void theHistoryReallyMixesCompressedAndPlainSegmentsAndPagesCrossThem() {
    List<Segment> segments = ctx.archive().segments();
    assertThat(segments).anyMatch(Segment::compressed).anyMatch(s -> !s.compressed());
    List<UUID> expected = expected(r -> true, false).stream().map(r -> r.task().id()).toList();
    List<UUID> walked = walk(HistoryQuery.all(97));
    assertThat(walked).containsExactlyElementsOf(expected);
    assertThat(new HashSet<>(walked)).hasSameSizeAs(walked);
    Set<Boolean> kinds = new HashSet<>();
    for (Positioned p : all) {
      kinds.add(p.segment().compressed());
    }
    assertThat(kinds).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void aTaskRetriedAfterFailingAppearsOnceInItsLatestStateUnlessAttemptsAreAsked() {
    Map<UUID, Integer> records = new HashMap<>();
    for (Positioned p : all) {
      records.merge(p.record().task().id(), 1, Integer::sum);
    }
    UUID retried =
        records.entrySet().stream()
            .filter(e -> e.getValue() > 1)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    String prefix = retried.toString();
    HistoryQuery byId = QueryInput.history(raw(Map.of("limit", "1000")));
    List<HistoryQueries.HistoryRecord> latest =
        ctx.queries().history(byId).records().stream()
            .filter(r -> r.task().id().toString().equals(prefix))
            .toList();
    assertThat(latest).hasSize(1);
    assertThat(latest.get(0).task().status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(latest.get(0).task().attempts()).isEqualTo(2);
  }

  @Test
  void pagingHasNoDuplicatesOrGapsWhileTasksAreArchivedBetweenPages() {
    HistoryQuery q = HistoryQuery.all(50);
    List<UUID> expected = expected(r -> true, false).stream().map(r -> r.task().id()).toList();
    List<UUID> walked = new ArrayList<>();
    List<UUID> added = new ArrayList<>();
    Cursor cursor = null;
    int page = 0;
    do {
      HistoryQueries.HistoryPage p = ctx.queries().history(q.withCursor(cursor));
      p.records().forEach(r -> walked.add(r.task().id()));
      cursor = p.nextCursor() == null ? null : Cursor.decode(p.nextCursor());
      if (page++ % 10 == 0) {
        // Another writer archives a task between two pages.
        Task t = ctx.tracker().create(NewTask.named("archived while paging " + page));
        ctx.tracker().start(t.id(), false);
        ctx.tracker().complete(t.id(), false);
        added.add(t.id());
      }
    } while (cursor != null);
    assertThat(walked).containsExactlyElementsOf(expected).doesNotContainAnyElementsOf(added);
    // A fresh walk sees the new tasks first.
    List<UUID> fresh = walk(HistoryQuery.all(50));
    assertThat(fresh.subList(0, added.size())).containsExactlyElementsOf(reversed(added));
    all = bruteForce();
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }

  @Test
  void searchFindsOpenAndArchivedTasksTogetherEachOnce() {
    Task open =
        ctx.tracker()
            .create(
                new NewTask(
                    "Quokka habitat survey", "open work", null, List.of(), null, List.of()));
    try {
      HistoryQueries.SearchPage page = ctx.queries().search("quokka", 3, null);
      assertThat(page.results().get(0).source()).isEqualTo("open");
      assertThat(page.results().get(0).task().id()).isEqualTo(open.id());
      List<UUID> ids = new ArrayList<>();
      page.results().forEach(h -> ids.add(h.task().id()));
      Cursor cursor = page.nextCursor() == null ? null : Cursor.decode(page.nextCursor());
      while (cursor != null) {
        HistoryQueries.SearchPage next = ctx.queries().search("quokka", 3, cursor);
        next.results().forEach(h -> ids.add(h.task().id()));
        cursor = next.nextCursor() == null ? null : Cursor.decode(next.nextCursor());
      }
      List<UUID> archived =
          expected(r -> text(r.task(), "quokka"), false).stream().map(r -> r.task().id()).toList();
      assertThat(ids.subList(1, ids.size())).containsExactlyElementsOf(archived);
      assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    } finally {
      ctx.tracker().fail(open.id(), "test over");
      all = bruteForce();
    }
  }

  @Test
  void badInputIsAClearErrorNamingTheOption() {
    assertThatThrownBy(() -> QueryInput.history(raw(Map.of("since", "2026-02-30"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--since '2026-02-30' is not a date");
    assertThatThrownBy(() -> QueryInput.history(raw(Map.of("until", "yesterday"))))
        .hasMessageContaining("YYYY-MM-DD");
    assertThatThrownBy(
            () -> QueryInput.history(raw(Map.of("since", "2026-03-01", "until", "2026-02-01"))))
        .hasMessageContaining("--since must be before --until");
    assertThatThrownBy(() -> QueryInput.history(raw(Map.of("min-duration", "ten minutes"))))
        .hasMessageContaining("is not a duration");
    assertThatThrownBy(() -> QueryInput.history(raw(Map.of("status", "pending"))))
        .hasMessageContaining("history holds completed and failed tasks");
    assertThatThrownBy(() -> QueryInput.history(raw(Map.of("limit", "0"))))
        .hasMessageContaining("limit must be 1 to 1000");
    assertThatThrownBy(() -> QueryInput.history(raw(Map.of("parent", "../etc"))))
        .hasMessageContaining("is not an id");
    assertThatThrownBy(() -> Cursor.decode("not-a-cursor")).hasMessageContaining("is not a cursor");
  }
}
