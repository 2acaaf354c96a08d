package dev.autodev.tracker;

import dev.autodev.store.LineReader;
import dev.autodev.store.StoreException;
import dev.autodev.store.StorePaths;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.springframework.stereotype.Component;

/**
 * The rotated part of the journal: {@code history/journal-<first>-<last>.jsonl.gz}, each holding
 * the exact journal lines of revisions first to last, gzip-compressed. Together with journal.jsonl
 * they are the whole audit trail, which never shrinks; recovery reads them (oldest first) when it
 * must rebuild the state from the journal alone.
 */
@Component
class JournalArchive {

  private static final Pattern NAME =
      Pattern.compile("journal-(\\d{1,19})-(\\d{1,19})\\.jsonl\\.gz");

  private final StorePaths paths;
  private final JournalRepository journal;

  JournalArchive(StorePaths paths, JournalRepository journal) {
    this.paths = paths;
    this.journal = journal;
  }

  /** One rotated segment and the revisions it holds. */
  record Rotated(Path path, long first, long last) {}

  static String name(long first, long last) {
    return String.format("journal-%012d-%012d.jsonl.gz", first, last);
  }

  /** The rotated segments, oldest first. */
  List<Rotated> segments() {
    List<Rotated> list = new ArrayList<>();
    if (!Files.isDirectory(paths.historyDir())) {
      return list;
    }
    try (DirectoryStream<Path> dir =
        Files.newDirectoryStream(paths.historyDir(), "journal-*.jsonl.gz")) {
      for (Path p : dir) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches()) {
          list.add(new Rotated(p, Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        }
      }
    } catch (IOException e) {
      throw StoreException.io(paths.historyDir(), "list", e);
    }
    list.sort(Comparator.comparingLong(Rotated::first).thenComparingLong(Rotated::last));
    return list;
  }

  /** The highest revision already rotated out of journal.jsonl (0: none). */
  long lastRotated() {
    long last = 0;
    for (Rotated r : segments()) {
      last = Math.max(last, r.last());
    }
    return last;
  }

  /**
   * Streams the rotated entries newer than {@code after}, oldest first, until {@code stop} returns
   * true. A damaged line ends the stream with a {@code CORRUPT_FILE} error naming the segment.
   */
  void entriesAfter(long after, Predicate<JournalEntry> stop) {
    long seen = after;
    for (Rotated r : segments()) {
      if (r.last() <= seen) {
        continue;
      }
      try (InputStream in =
              new GZIPInputStream(
                  new BufferedInputStream(Files.newInputStream(r.path())), 1 << 16);
          LineReader lines = new LineReader(in)) {
        byte[] line;
        while ((line = lines.next()) != null) {
          JournalEntry e = journal.parse(line);
          if (e.rev() <= seen) {
            continue; // overlapping segments after an interrupted rotation
          }
          seen = e.rev();
          if (stop.test(e)) {
            return;
          }
        }
      } catch (NoSuchFileException e) {
        // removed meanwhile (it cannot be: rotated segments are never deleted); nothing to read
      } catch (IOException e) {
        throw StoreException.io(r.path(), "read", e);
      }
    }
  }
}
