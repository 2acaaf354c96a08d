package dev.autodev.tracker;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One history segment file: {@code YYYY-MM.jsonl} (part 0) or {@code YYYY-MM.N.jsonl} (later parts
 * of the same month, started when the previous part reached the size limit), plain while it may
 * still grow and {@code .jsonl.gz} once closed and compressed, with its member table and search
 * summaries in {@code <base>.idx}. Segments sort by month, then part: the order records were
 * archived in.
 *
 * @param size the size when the folder was listed
 */
public record Segment(Path path, YearMonth month, int part, boolean compressed, long size) {

  private static final Pattern NAME =
      Pattern.compile("(\\d{4})-(\\d{2})(?:\\.(\\d{1,6}))?\\.jsonl(\\.gz)?");

  /** Oldest first. */
  public static final Comparator<Segment> ORDER =
      Comparator.comparing(Segment::month).thenComparingInt(Segment::part);

  /** The segment a file name describes, if it is one. */
  public static Optional<Segment> of(Path path, long size) {
    Matcher m = NAME.matcher(path.getFileName().toString());
    if (!m.matches()) {
      return Optional.empty();
    }
    int month = Integer.parseInt(m.group(2));
    if (month < 1 || month > 12) {
      return Optional.empty();
    }
    int part = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return Optional.of(
        new Segment(
            path,
            YearMonth.of(Integer.parseInt(m.group(1)), month),
            part,
            m.group(4) != null,
            size));
  }

  /** {@code 2026-01} or {@code 2026-01.3}: the name without extension. */
  public static String base(YearMonth month, int part) {
    return month + (part == 0 ? "" : "." + part);
  }

  public String base() {
    return base(month, part);
  }

  public String fileName() {
    return path.getFileName().toString();
  }

  /** The plain file of this segment (itself when plain). */
  public Path plainPath() {
    return path.resolveSibling(base() + ".jsonl");
  }

  /** The compressed file of this segment (itself when compressed). */
  public Path compressedPath() {
    return path.resolveSibling(base() + ".jsonl.gz");
  }

  /** The sidecar with the compressed file's member table and search summaries. */
  public Path sidecarPath() {
    return path.resolveSibling(base() + ".idx");
  }

  /** Same month and part: the plain and compressed files of one segment. */
  public boolean sameSegment(Segment other) {
    return month.equals(other.month) && part == other.part;
  }
}
