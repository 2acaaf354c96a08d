package dev.autodev.storecheck;

import dev.autodev.store.ChecksummedDocument;
import dev.autodev.store.ChecksummedLine;
import dev.autodev.store.StoreException;
import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.ArchivedTask;
import dev.autodev.tracker.MemoryEntry;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.SessionLog;
import dev.autodev.tracker.StoreCheck;
import dev.autodev.tracker.StoreRepair;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
      int lost,
      String detail) {}

  /** What was acknowledged before the damage. */
  record Acked(Set<String> open, Set<String> archived, Set<String> memory, int sessions) {}

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
      Set<String> open = new HashSet<>();
      for (Task task : t.openTasks()) {
        open.add(task.id() + ":" + task.status());
      }
      Set<String> archived = new HashSet<>();
      for (ArchivedTask r : t.archived(10_000, null)) {
        archived.add(r.task().id() + ":" + r.task().status());
      }
      Set<String> memory = new HashSet<>();
      for (MemoryEntry e : t.memory().keyDecisions()) {
        memory.add("decision:" + e.text());
      }
      for (MemoryEntry e : t.memory().learnedPatterns()) {
        memory.add("pattern:" + e.text());
      }
      t.memory().facts().forEach((k, v) -> memory.add("fact:" + k + "=" + v));
      int sessions = ctx.bean(SessionLog.class).newest(1000).size();
      return new Acked(open, archived, memory, sessions);
    }
  }

  static int lost(Acked before, Acked after) {
    int lost = 0;
    for (String s : before.open()) {
      lost += after.open().contains(s) ? 0 : 1;
    }
    for (String s : before.archived()) {
      lost += after.archived().contains(s) ? 0 : 1;
    }
    for (String s : before.memory()) {
      lost += after.memory().contains(s) ? 0 : 1;
    }
    return lost + Math.max(0, before.sessions() - after.sessions());
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
    int lost = outcome.equals("refused") ? 0 : lost(before, acked(work));
    if (!outcome.equals("refused") && !StoreCheck.forFolder(work).verify().clean()) {
      outcome = "problems left";
    }
    return new Row(kind, damage, detected, cleanAfterStartup, outcome, lost, detail);
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

  /** Prints the table: {@code CorruptionMatrix DIR}. */
  public static void main(String[] args) throws IOException {
    PrintStream out =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    List<Row> rows = all(Path.of(args[0]));
    out.printf(
        Locale.ROOT,
        "%-24s %-15s %-9s %-15s %-14s %s%n",
        "FILE",
        "DAMAGE",
        "DETECTED",
        "START-UP ALONE",
        "AFTER REPAIR",
        "CHANGES LOST");
    int detected = 0;
    int lost = 0;
    int startup = 0;
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "%-24s %-15s %-9s %-15s %-14s %d%n",
          r.kind().file,
          r.damage(),
          r.detected() ? "yes" : "NO",
          r.cleanAfterStartup() ? "clean" : "needs repair",
          r.outcome(),
          r.lost());
      detected += r.detected() ? 1 : 0;
      startup += r.cleanAfterStartup() ? 1 : 0;
      lost += r.lost();
    }
    out.printf(
        Locale.ROOT,
        "%d cases, %d detected, %d clean after start-up recovery alone, %d changes lost%n",
        rows.size(),
        detected,
        startup,
        lost);
    if (args.length > 1) {
      for (Row r : rows) {
        out.println(r.kind().file + " " + r.damage() + ": " + r.detail());
      }
    }
  }
}
