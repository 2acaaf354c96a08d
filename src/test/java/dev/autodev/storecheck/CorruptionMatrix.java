package dev.autodev.storecheck;

import dev.autodev.store.ChecksummedDocument;
import dev.autodev.store.ChecksummedLine;
import dev.autodev.store.StoreException;
import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.ArchivedTask;
import dev.autodev.tracker.MemoryEntry;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.RecoveryPlans;
import dev.autodev.tracker.SessionLog;
import dev.autodev.tracker.SessionRecord;
import dev.autodev.tracker.StoreCheck;
import dev.autodev.tracker.StoreRepair;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import dev.autodev.tracker.TrackerState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The corruption matrix: a seeded store, one file damaged one way, then verify (detected?), the
 * automatic recovery and {@code store repair} (recovered, or refused with a message?) and a count
 * of acknowledged changes lost. Used by {@link CorruptionMatrixTests} and, as a table, by {@code
 * bench/corruption-matrix.sh}.
 */
public final class CorruptionMatrix {

  private CorruptionMatrix() {}

  /** The files of a store that can be damaged. */
  public enum Kind {
    CURRENT("current.json", null),
    CURRENT_BAK("current.json.bak", null),
    MEMORY("memory.json", null),
    MEMORY_BAK("memory.json.bak", null),
    JOURNAL("journal.jsonl", "entry"),
    SEGMENT_PLAIN("history/PLAIN", "record"),
    SEGMENT_GZ("history/2020-01.jsonl.gz", "record"),
    INDEX("history/index.json", null),
    SESSIONS("history/sessions.jsonl", "session");

    final String file;
    final String lineKey;

    Kind(String file, String lineKey) {
      this.file = file;
      this.lineKey = lineKey;
    }
  }

  /** The ways a file is damaged. */
  public enum Damage {
    EMPTY,
    ONE_BYTE,
    HALF,
    ONE_BYTE_SHORT,
    FLIPPED_BYTE,
    NULS,
    INVALID_UTF8,
    WRONG_SHAPE,
    NEWER_SCHEMA
  }

  /** One cell of the matrix. */
  public record Row(
      Kind kind,
      Damage damage,
      boolean detected,
      boolean cleanAfterStartup,
      String outcome,
      int altered,
      int lost,
      String detail) {}

  /** What was acknowledged before the damage. */
  /**
   * What was acknowledged before the damage, by identity (task id, entry id, fact key, session
   * revision) with its full value, so a change can be found lost (no such identity) or altered
   * (another value).
   */
  record Acked(
      Map<Object, Object> open,
      Map<Object, Object> archived,
      Map<Object, Object> memory,
      Map<Object, Object> sessions) {}

  /** Builds the seed store in {@code home}; returns the plain segment's name. */
  public static String seed(Path home) throws IOException {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      for (int i = 0; i < 4; i++) {
        Task task = t.create(NewTask.named("old " + i));
        t.start(task.id(), false);
        t.complete(task.id(), false);
      }
      t.decide("Keep the journal as the commit point", null, List.of());
      t.endSession();
    }
    Path history = home.resolve("tasks/history");
    Path plain;
    try (Stream<Path> s = Files.list(history)) {
      plain =
          s.filter(p -> p.getFileName().toString().matches("\\d{4}-\\d{2}(\\.\\d+)?\\.jsonl"))
              .findFirst()
              .orElseThrow();
    }
    byte[] content = Files.readAllBytes(plain);
    Files.write(history.resolve("2020-01.jsonl.gz"), gzip(content));
    Files.delete(plain);
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      Task a = t.create(NewTask.named("new a"));
      Task b = t.create(NewTask.named("new b"));
      t.start(a.id(), false);
      t.complete(a.id(), false);
      t.start(b.id(), false);
      t.fail(b.id(), "planned");
      t.create(NewTask.named("open c"));
      t.setFact("build", "./mvnw verify");
      t.learn("Fsync the folder after a rename", null, List.of());
      t.endSession();
      t.create(NewTask.named("open d"));
    }
    Files.writeString(
        history.resolve("index.json"), "{\n  \"schema_version\" : 1,\n  \"segments\" : [ ]\n}\n");
    return plain.getFileName().toString();
  }

  /**
   * A small store for the in-suite bit-flip sweeps, where each flip is a whole verify and load:
   * open tasks with context, a finished one, a decision, a pattern and a fact, a few journal
   * entries, and backups of both snapshots.
   */
  public static void seedSmall(Path home) {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      Task a = t.create(NewTask.named("open a"));
      t.start(a.id(), false);
      t.addContext(a.id(), dev.autodev.tracker.ContextKind.FILE, "src/A.java");
      Task b = t.create(NewTask.named("done b"));
      t.start(b.id(), false);
      t.complete(b.id(), false);
      t.decide("decision 2", a.id(), List.of("io"));
      t.learn("fsync the folder", null, List.of());
      t.setFact("build", "./mvnw verify");
    }
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] content) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(content))) {
      return in.readAllBytes();
    }
  }

  static Acked acked(Path home) {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      Map<Object, Object> open = new HashMap<>();
      for (Task task : t.openTasks()) {
        open.put(task.id(), task);
      }
      Map<Object, Object> archived = new HashMap<>();
      for (ArchivedTask r : t.archived(10_000, null)) {
        archived.put(r.task().id() + "@" + r.archivedRevision(), r);
      }
      Map<Object, Object> memory = new HashMap<>();
      for (MemoryEntry e : t.memory().keyDecisions()) {
        memory.put(e.id(), e);
      }
      for (MemoryEntry e : t.memory().learnedPatterns()) {
        memory.put(e.id(), e);
      }
      t.memory().facts().forEach((k, v) -> memory.put("fact:" + k, v));
      memory.put("project type", String.valueOf(t.memory().projectType()));
      Map<Object, Object> sessions = new HashMap<>();
      for (SessionRecord r : ctx.bean(SessionLog.class).newest(1000)) {
        sessions.put(r.endedRevision(), r);
      }
      return new Acked(open, archived, memory, sessions);
    }
  }

  /** {altered, lost} between what was acknowledged and what the store holds now. */
  static int[] changes(Acked before, Acked after) {
    int[] d = new int[2];
    compare(before.open(), after.open(), d);
    compare(before.archived(), after.archived(), d);
    compare(before.memory(), after.memory(), d);
    compare(before.sessions(), after.sessions(), d);
    return d;
  }

  /** Damages one copy of the seed and runs verify, recovery and repair on it. */
  public static Row run(Path seed, String plainName, Path work, Kind kind, Damage damage)
      throws IOException {
    copyTree(seed, work);
    Acked before = acked(work);
    Path file = work.resolve("tasks").resolve(kind.file.replace("PLAIN", plainName));
    damage(file, kind, damage);
    boolean detected = !StoreCheck.forFolder(work).verify().clean();
    String outcome;
    String detail;
    boolean cleanAfterStartup = false;
    try (TrackerContext ctx = TrackerContext.open(work)) {
      cleanAfterStartup = ctx.bean(StoreCheck.class).verify().clean();
      StoreRepair.Report r = ctx.bean(StoreRepair.class).repair(false);
      if (r.refused()) {
        outcome = "refused";
        detail = String.join("; ", r.notSaved());
      } else if (r.clean()) {
        outcome = "recovered";
        detail = String.join("; ", r.actions());
      } else {
        outcome = "problems left";
        detail = String.join("; ", r.notSaved());
      }
    } catch (StoreException e) {
      outcome = "refused";
      detail = String.valueOf(e.getMessage());
    }
    int[] changes = outcome.equals("refused") ? new int[2] : changes(before, acked(work));
    if (!outcome.equals("refused") && !StoreCheck.forFolder(work).verify().clean()) {
      outcome = "problems left";
    }
    return new Row(
        kind, damage, detected, cleanAfterStartup, outcome, changes[0], changes[1], detail);
  }

  static void damage(Path file, Kind kind, Damage damage) throws IOException {
    byte[] b = Files.readAllBytes(file);
    byte[] out =
        switch (damage) {
          case EMPTY -> new byte[0];
          case ONE_BYTE -> Arrays.copyOf(b, 1);
          case HALF -> Arrays.copyOf(b, b.length / 2);
          // the last byte of the content: a pretty JSON file's closing brace, a line file's
          // final newline
          case ONE_BYTE_SHORT ->
              Arrays.copyOf(
                  b, b.length - (kind.lineKey == null && b[b.length - 1] == '\n' ? 2 : 1));
          case FLIPPED_BYTE -> {
            byte[] c = b.clone();
            c[c.length / 2] ^= 0x01;
            yield c;
          }
          case NULS -> new byte[b.length];
          case INVALID_UTF8 -> {
            byte[] c = b.clone();
            c[c.length / 2] = (byte) 0xC3;
            c[c.length / 2 + 1] = (byte) 0x28;
            yield c;
          }
          case WRONG_SHAPE -> wrongShape(kind);
          case NEWER_SCHEMA -> newer(b, kind);
        };
    Files.write(file, out);
  }

  private static byte[] wrongShape(Kind kind) throws IOException {
    if (kind.lineKey == null) {
      return "{\"schema_version\":1,\"tasks\":\"not a list\",\"segments\":\"x\"}\n"
          .getBytes(StandardCharsets.UTF_8);
    }
    byte[] lines = "{\"hello\":\"world\"}\n[1,2,3]\n".getBytes(StandardCharsets.UTF_8);
    return kind == Kind.SEGMENT_GZ ? gzip(lines) : lines;
  }

  private static byte[] newer(byte[] b, Kind kind) throws IOException {
    if (kind.lineKey == null) {
      String text =
          new String(b, StandardCharsets.UTF_8)
              .replaceFirst("\"schema_version\"\\s*:\\s*\\d+", "\"schema_version\" : 99");
      if (kind == Kind.INDEX) {
        return text.getBytes(StandardCharsets.UTF_8);
      }
      // A snapshot as a newer auto-dev writes it: its checksum holds.
      return ChecksummedDocument.seal(
          text.replaceFirst("\"checksum\" : \"[0-9a-f]{8}\"", "\"checksum\" : \"00000000\"")
              .getBytes(StandardCharsets.UTF_8));
    }
    byte[] plain = kind == Kind.SEGMENT_GZ ? gunzip(b) : b;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int start = 0;
    for (int i = 0; i < plain.length; i++) {
      if (plain[i] == '\n') {
        byte[] line = Arrays.copyOfRange(plain, start, i);
        start = i + 1;
        String payload =
            new String(ChecksummedLine.payload(kind.lineKey, line), StandardCharsets.UTF_8)
                .replaceFirst("\"schema_version\":1", "\"schema_version\":99");
        out.writeBytes(
            ChecksummedLine.frame(kind.lineKey, payload.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return kind == Kind.SEGMENT_GZ ? gzip(out.toByteArray()) : out.toByteArray();
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /**
   * Every single-bit flip at every {@code stride}-th byte of one snapshot file (every byte with
   * stride 1) that leaves valid JSON: {@code detected} by store verify, and what recovery would
   * load compared with what was acknowledged — items {@code altered} (present with another value)
   * and {@code lost}.
   */
  public record Sweep(
      Kind kind, int bytes, int flips, int validJson, int detected, int altered, int lost) {}

  private static final tools.jackson.databind.json.JsonMapper PLAIN =
      tools.jackson.databind.json.JsonMapper.builder().build();

  /** Sweeps one snapshot file of a copy of {@code seed} in {@code work}. */
  public static Sweep sweep(Path seed, Path work, Kind kind, int stride) throws IOException {
    copyTree(seed, work);
    Path file = work.resolve("tasks").resolve(kind.file);
    byte[] original = Files.readAllBytes(file);
    TrackerState expected = RecoveryPlans.planned(work);
    if (!StoreCheck.forFolder(work).verify().clean()) {
      throw new IllegalStateException("the seed store is not clean");
    }
    int flips = 0;
    int validJson = 0;
    int detected = 0;
    int altered = 0;
    int lost = 0;
    try {
      for (int i = 0; i < original.length; i += stride) {
        for (int bit = 0; bit < 8; bit++) {
          byte[] b = original.clone();
          b[i] ^= (byte) (1 << bit);
          flips++;
          try {
            PLAIN.readTree(b);
          } catch (tools.jackson.core.JacksonException e) {
            continue; // not JSON any more: refused by any reader, see SnapshotFormatTests
          }
          validJson++;
          Files.write(file, b);
          if (!StoreCheck.forFolder(work).verify().clean()) {
            detected++;
          }
          int[] diff = diff(expected, RecoveryPlans.planned(work));
          altered += diff[0];
          lost += diff[1];
        }
      }
    } finally {
      Files.write(file, original);
    }
    return new Sweep(kind, original.length, flips, validJson, detected, altered, lost);
  }

  /**
   * {altered, lost}: acknowledged items of {@code expected} that differ in, or are gone from,
   * {@code actual}.
   */
  static int[] diff(TrackerState expected, TrackerState actual) {
    int[] d = new int[2];
    compare(expected.tasks(), actual.tasks(), d);
    compare(byId(expected.memory().keyDecisions()), byId(actual.memory().keyDecisions()), d);
    compare(byId(expected.memory().learnedPatterns()), byId(actual.memory().learnedPatterns()), d);
    compare(expected.memory().facts(), actual.memory().facts(), d);
    Map<Object, Object> done = new HashMap<>();
    expected.completedTasks().forEach(c -> done.put(c.id(), c));
    Map<Object, Object> doneActual = new HashMap<>();
    actual.completedTasks().forEach(c -> doneActual.put(c.id(), c));
    compare(done, doneActual, d);
    Map<Object, Object> failed = new HashMap<>();
    expected.failedTasks().forEach(c -> failed.put(c.id(), c));
    Map<Object, Object> failedActual = new HashMap<>();
    actual.failedTasks().forEach(c -> failedActual.put(c.id(), c));
    compare(failed, failedActual, d);
    if (!java.util.Objects.equals(expected.memory().projectType(), actual.memory().projectType())
        || !java.util.Objects.equals(expected.currentTaskId(), actual.currentTaskId())
        || expected.revision() != actual.revision()) {
      d[0]++;
    }
    return d;
  }

  private static Map<Object, Object> byId(List<MemoryEntry> entries) {
    Map<Object, Object> m = new HashMap<>();
    entries.forEach(e -> m.put(e.id(), e));
    return m;
  }

  private static void compare(Map<?, ?> expected, Map<?, ?> actual, int[] d) {
    expected.forEach(
        (k, v) -> {
          Object a = actual.get(k);
          if (a == null) {
            d[1]++;
          } else if (!a.equals(v)) {
            d[0]++;
          }
        });
  }

  /** Runs the whole matrix and returns its rows. */
  public static List<Row> all(Path dir) throws IOException {
    Path seed = dir.resolve("seed");
    String plain = seed(seed);
    List<Row> rows = new ArrayList<>();
    int n = 0;
    for (Kind kind : Kind.values()) {
      for (Damage damage : Damage.values()) {
        rows.add(run(seed, plain, dir.resolve("case-" + n++), kind, damage));
      }
    }
    return rows;
  }

  /**
   * Prints the tables: {@code CorruptionMatrix DIR [--details]}. First every file kind damaged
   * every way, then every single-bit flip that keeps the JSON valid at every byte of current.json,
   * memory.json and their backups.
   */
  public static void main(String[] args) throws IOException {
    PrintStream out =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    Path dir = Path.of(args[0]);
    List<Row> rows = all(dir);
    out.printf(
        Locale.ROOT,
        "%-24s %-15s %-9s %-15s %-14s %-8s %s%n",
        "FILE",
        "DAMAGE",
        "DETECTED",
        "START-UP ALONE",
        "AFTER REPAIR",
        "ALTERED",
        "LOST");
    int detected = 0;
    int altered = 0;
    int lost = 0;
    int startup = 0;
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "%-24s %-15s %-9s %-15s %-14s %-8d %d%n",
          r.kind().file,
          r.damage(),
          r.detected() ? "yes" : "NO",
          r.cleanAfterStartup() ? "clean" : "needs repair",
          r.outcome(),
          r.altered(),
          r.lost());
      detected += r.detected() ? 1 : 0;
      startup += r.cleanAfterStartup() ? 1 : 0;
      altered += r.altered();
      lost += r.lost();
    }
    out.printf(
        Locale.ROOT,
        "%d cases, %d detected, %d clean after start-up recovery alone, %d changes altered, %d"
            + " lost%n%n",
        rows.size(),
        detected,
        startup,
        altered,
        lost);
    if (args.length > 1) {
      for (Row r : rows) {
        out.println(r.kind().file + " " + r.damage() + ": " + r.detail());
      }
      out.println();
    }

    out.printf(
        Locale.ROOT,
        "%-18s %6s %6s %11s %9s %8s %s%n",
        "SINGLE-BIT FLIPS",
        "BYTES",
        "FLIPS",
        "VALID JSON",
        "DETECTED",
        "ALTERED",
        "LOST");
    int cases = 0;
    int flipsDetected = 0;
    int flipsAltered = 0;
    int flipsLost = 0;
    for (Kind kind : List.of(Kind.CURRENT, Kind.CURRENT_BAK, Kind.MEMORY, Kind.MEMORY_BAK)) {
      Sweep s = sweep(dir.resolve("seed"), dir.resolve("flips-" + kind), kind, 1);
      out.printf(
          Locale.ROOT,
          "%-18s %6d %6d %11d %9d %8d %d%n",
          kind.file,
          s.bytes(),
          s.flips(),
          s.validJson(),
          s.detected(),
          s.altered(),
          s.lost());
      cases += s.validJson();
      flipsDetected += s.detected();
      flipsAltered += s.altered();
      flipsLost += s.lost();
    }
    out.printf(
        Locale.ROOT,
        "%d single-bit flips that keep the JSON valid, %d detected, %d changes altered, %d lost%n",
        cases,
        flipsDetected,
        flipsAltered,
        flipsLost);
  }
}
