package dev.autodev.tracker;

import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The map of one segment: its blocks (where each starts, how long it is, what range of revisions,
 * times and durations it covers, and a Bloom filter of its words, tags, parents and sessions) and a
 * few columns per record (id, revision, finished and created time, duration, status, priority,
 * flags). A query reads this instead of the records to skip blocks that cannot match, to find a
 * task by id or id prefix, and to count and aggregate without decompressing anything.
 *
 * <p>For a compressed segment it is persisted as the sidecar {@code <base>.idx}: a binary file
 * ({@code ADIX}, then the length and JSON of a {@link Header} with {@code schema_version}, then the
 * blocks and columns, then a CRC-32C of everything before it). It is derived data: when it is
 * missing, damaged or describes another file, it is rebuilt from the segment. For a plain segment
 * the same structure is built in memory by reading the file.
 */
public final class SegmentIndex {

  public static final int SCHEMA_VERSION = 1;

  /** Record flag: the line is damaged (kept byte for byte, never returned by a query). */
  public static final byte DAMAGED = 1;

  /** Record flag: the record supersedes older records of the same task (it had been retried). */
  public static final byte SUPERSEDES = 2;

  private static final int MAGIC = 0x41444958; // "ADIX"
  private static final int FINGERPRINT_WINDOW = 4096;

  /**
   * What the sidecar describes and how to check it still does: the segment's size and the CRC-32C
   * of its last 4 KiB ({@code segment_fingerprint}), and for a compressed segment the size and
   * CRC-32C of the plain content it holds ({@code source_*}), which is how an interrupted
   * compaction proves the compressed copy equals the plain file before removing it.
   */
  public record Header(
      int schemaVersion,
      String segment,
      long segmentBytes,
      String segmentFingerprint,
      long sourceBytes,
      String sourceCrc32c,
      int blocks,
      SegmentSummary summary) {}

  /** One block: a gzip member of a compressed segment, or a byte range of a plain one. */
  public static final class Block {
    private final int index;
    private final long offset;
    private final int length;
    private final int firstRecord;
    private final int records;
    private final long minRevision;
    private final long maxRevision;
    private final long minCreated;
    private final long maxCreated;
    private final long minFinished;
    private final long maxFinished;
    private final long minDuration;
    private final long maxDuration;
    private final int statusMask;
    private final int priorityMask;
    private final long[] bloom;

    Block(
        int index,
        long offset,
        int length,
        int firstRecord,
        int records,
        long[] ranges,
        int statusMask,
        int priorityMask,
        long[] bloom) {
      this.index = index;
      this.offset = offset;
      this.length = length;
      this.firstRecord = firstRecord;
      this.records = records;
      this.minRevision = ranges[0];
      this.maxRevision = ranges[1];
      this.minCreated = ranges[2];
      this.maxCreated = ranges[3];
      this.minFinished = ranges[4];
      this.maxFinished = ranges[5];
      this.minDuration = ranges[6];
      this.maxDuration = ranges[7];
      this.statusMask = statusMask;
      this.priorityMask = priorityMask;
      this.bloom = bloom;
    }

    public int index() {
      return index;
    }

    /** Where the block starts in the segment file. */
    public long offset() {
      return offset;
    }

    /** Its length in the segment file (compressed bytes for a compressed segment). */
    public int length() {
      return length;
    }

    /** The ordinal of its first record in the segment. */
    public int firstRecord() {
      return firstRecord;
    }

    public int records() {
      return records;
    }

    public long minRevision() {
      return minRevision;
    }

    public long maxRevision() {
      return maxRevision;
    }

    public long minCreatedMillis() {
      return minCreated;
    }

    public long maxCreatedMillis() {
      return maxCreated;
    }

    public long minFinishedMillis() {
      return minFinished;
    }

    public long maxFinishedMillis() {
      return maxFinished;
    }

    public long minDuration() {
      return minDuration;
    }

    public long maxDuration() {
      return maxDuration;
    }

    /** Whether a record of this status may be in the block. */
    public boolean mayHold(TaskStatus status) {
      return (statusMask & (1 << code(status))) != 0;
    }

    public boolean mayHold(Priority priority) {
      return (priorityMask & (1 << code(priority))) != 0;
    }

    /** Whether every key may be in the block (false: certainly not all of them). */
    public boolean mightContainAll(long[] keys) {
      return BlockBloom.mightContainAll(bloom, keys);
    }

    public boolean mightContain(long key) {
      return BlockBloom.mightContain(bloom, key);
    }
  }

  private final Header header;
  private final Block[] blocks;
  private final long[] idMsb;
  private final long[] idLsb;
  private final long[] revision;
  private final long[] finished;
  private final long[] created;
  private final long[] duration;
  private final byte[] status;
  private final byte[] priority;
  private final byte[] flags;

  private SegmentIndex(Header header, Block[] blocks, Columns c) {
    this.header = header;
    this.blocks = blocks;
    this.idMsb = c.idMsb;
    this.idLsb = c.idLsb;
    this.revision = c.revision;
    this.finished = c.finished;
    this.created = c.created;
    this.duration = c.duration;
    this.status = c.status;
    this.priority = c.priority;
    this.flags = c.flags;
  }

  public Header header() {
    return header;
  }

  public SegmentSummary summary() {
    return header.summary();
  }

  public int blockCount() {
    return blocks.length;
  }

  public Block block(int i) {
    return blocks[i];
  }

  /** Records in the segment, damaged lines included. */
  public int recordCount() {
    return revision.length;
  }

  public UUID id(int record) {
    return new UUID(idMsb[record], idLsb[record]);
  }

  public boolean idEquals(int record, UUID id) {
    return idMsb[record] == id.getMostSignificantBits()
        && idLsb[record] == id.getLeastSignificantBits();
  }

  public long idMsb(int record) {
    return idMsb[record];
  }

  public long idLsb(int record) {
    return idLsb[record];
  }

  public long revision(int record) {
    return revision[record];
  }

  public long finishedMillis(int record) {
    return finished[record];
  }

  public long createdMillis(int record) {
    return created[record];
  }

  public long durationSeconds(int record) {
    return duration[record];
  }

  /** The record's status, or null for a damaged line. */
  public @Nullable TaskStatus status(int record) {
    return statusOf(status[record]);
  }

  public @Nullable Priority priority(int record) {
    return priorityOf(priority[record]);
  }

  public boolean damaged(int record) {
    return (flags[record] & DAMAGED) != 0;
  }

  public boolean supersedesEarlier(int record) {
    return (flags[record] & SUPERSEDES) != 0;
  }

  /** The block holding a record. */
  public Block blockOf(int record) {
    int lo = 0;
    int hi = blocks.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (blocks[mid].firstRecord() <= record) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return blocks[lo];
  }

  // The codes stored for statuses and priorities: part of the file format, so never ordinals.

  static int code(TaskStatus s) {
    return switch (s) {
      case COMPLETED -> 1;
      case FAILED -> 2;
      case PENDING -> 3;
      case IN_PROGRESS -> 4;
    };
  }

  static @Nullable TaskStatus statusOf(int code) {
    return switch (code) {
      case 1 -> TaskStatus.COMPLETED;
      case 2 -> TaskStatus.FAILED;
      case 3 -> TaskStatus.PENDING;
      case 4 -> TaskStatus.IN_PROGRESS;
      default -> null;
    };
  }

  static int code(Priority p) {
    return switch (p) {
      case LOW -> 1;
      case MEDIUM -> 2;
      case HIGH -> 3;
    };
  }

  static @Nullable Priority priorityOf(int code) {
    return switch (code) {
      case 1 -> Priority.LOW;
      case 2 -> Priority.MEDIUM;
      case 3 -> Priority.HIGH;
      default -> null;
    };
  }

  /** Whether this index still describes {@code file} as it is now. */
  public boolean describes(Path file) {
    try {
      long size = Files.size(file);
      return size == header.segmentBytes()
          && fingerprint(file, size).equals(header.segmentFingerprint());
    } catch (IOException e) {
      return false; // missing or unreadable: this index describes nothing that can be read
    }
  }

  /**
   * The CRC-32C (hex) of the last 4 KiB of a file's first {@code bytes} bytes: together with the
   * size, a cheap check that a file is the one an index was built from.
   */
  public static String fingerprint(Path file, long bytes) throws IOException {
    int window = (int) Math.min(bytes, FINGERPRINT_WINDOW);
    byte[] tail = new byte[window];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.wrap(tail);
      while (buffer.hasRemaining()) {
        if (ch.read(buffer, bytes - window + buffer.position()) < 0) {
          throw new IOException(file + " is shorter than " + bytes + " bytes");
        }
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(tail);
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }

  // ---------------------------------------------------------------- the sidecar file

  /** The sidecar bytes. */
  public byte[] encode() {
    byte[] head = TrackerJson.compact(header);
    int bloomWords = 0;
    for (Block b : blocks) {
      bloomWords += b.bloom.length;
    }
    int n = recordCount();
    int size = 12 + head.length + blocks.length * 104 + bloomWords * 8 + n * 51 + 4;
    ByteBuffer out = ByteBuffer.allocate(size);
    out.putInt(MAGIC).putInt(head.length).put(head);
    for (Block b : blocks) {
      out.putLong(b.offset).putInt(b.length).putInt(b.firstRecord).putInt(b.records);
      out.putLong(b.minRevision).putLong(b.maxRevision);
      out.putLong(b.minCreated).putLong(b.maxCreated);
      out.putLong(b.minFinished).putLong(b.maxFinished);
      out.putLong(b.minDuration).putLong(b.maxDuration);
      out.putInt(b.statusMask).putInt(b.priorityMask).putInt(b.bloom.length);
      for (long w : b.bloom) {
        out.putLong(w);
      }
    }
    out.putInt(n);
    for (int i = 0; i < n; i++) {
      out.putLong(idMsb[i]).putLong(idLsb[i]).putLong(revision[i]);
      out.putLong(finished[i]).putLong(created[i]).putLong(duration[i]);
      out.put(status[i]).put(priority[i]).put(flags[i]);
    }
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    return Arrays.copyOf(out.array(), out.position());
  }

  /** Reads a sidecar; a damaged one is a {@code CORRUPT_FILE}, a newer one is refused. */
  public static SegmentIndex read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw StoreException.io(file, "read", e);
    }
    return decode(bytes, file);
  }

  static SegmentIndex decode(byte[] bytes, Path file) {
    try {
      if (bytes.length < 16) {
        throw corrupt(file, "too short");
      }
      ByteBuffer in = ByteBuffer.wrap(bytes);
      if (in.getInt() != MAGIC) {
        throw corrupt(file, "not a segment index");
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, bytes.length - 4);
      if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
        throw corrupt(file, "checksum mismatch");
      }
      int headLength = in.getInt();
      if (headLength < 2 || headLength > bytes.length) {
        throw corrupt(file, "bad header length");
      }
      byte[] head = new byte[headLength];
      in.get(head);
      Header header =
          TrackerJson.readVersionedFast(
              head, Header.class, Header::schemaVersion, SCHEMA_VERSION, file);
      if (header.segment() == null || header.summary() == null || header.blocks() < 0) {
        throw corrupt(file, "header incomplete");
      }
      Block[] blocks = new Block[header.blocks()];
      for (int i = 0; i < blocks.length; i++) {
        long offset = in.getLong();
        int length = in.getInt();
        int first = in.getInt();
        int records = in.getInt();
        long[] ranges = new long[8];
        for (int r = 0; r < ranges.length; r++) {
          ranges[r] = in.getLong();
        }
        int statusMask = in.getInt();
        int priorityMask = in.getInt();
        int words = in.getInt();
        if (words < 1 || words > in.remaining() / 8) {
          throw corrupt(file, "bad filter size in block " + i);
        }
        long[] bloom = new long[words];
        in.asLongBuffer().get(bloom);
        in.position(in.position() + words * 8);
        blocks[i] =
            new Block(i, offset, length, first, records, ranges, statusMask, priorityMask, bloom);
      }
      int n = in.getInt();
      if (n < 0 || n > in.remaining() / 51) {
        throw corrupt(file, "bad record count");
      }
      Columns c = new Columns(n);
      for (int i = 0; i < n; i++) {
        c.set(
            i,
            in.getLong(),
            in.getLong(),
            in.getLong(),
            in.getLong(),
            in.getLong(),
            in.getLong(),
            in.get(),
            in.get(),
            in.get());
      }
      if (in.remaining() != 4) {
        throw corrupt(file, "unexpected trailing bytes");
      }
      checkBlocks(blocks, n, file);
      return new SegmentIndex(header, blocks, c);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw corrupt(file, "truncated or malformed");
    }
  }

  private static void checkBlocks(Block[] blocks, int records, Path file) {
    int expected = 0;
    for (Block b : blocks) {
      if (b.firstRecord != expected || b.records < 0 || b.length < 0 || b.offset < 0) {
        throw corrupt(file, "block " + b.index + " is inconsistent");
      }
      expected += b.records;
    }
    if (expected != records) {
      throw corrupt(file, "blocks do not cover the records");
    }
  }

  private static StoreException corrupt(Path file, String why) {
    return new StoreException(
        StoreErrorCode.CORRUPT_FILE, file, file + " is not a valid segment index: " + why);
  }

  // ---------------------------------------------------------------- building

  /** Growable columns while building; exact-size arrays once built. */
  private static final class Columns {
    long[] idMsb;
    long[] idLsb;
    long[] revision;
    long[] finished;
    long[] created;
    long[] duration;
    byte[] status;
    byte[] priority;
    byte[] flags;

    Columns(int capacity) {
      idMsb = new long[capacity];
      idLsb = new long[capacity];
      revision = new long[capacity];
      finished = new long[capacity];
      created = new long[capacity];
      duration = new long[capacity];
      status = new byte[capacity];
      priority = new byte[capacity];
      flags = new byte[capacity];
    }

    void set(
        int i,
        long msb,
        long lsb,
        long rev,
        long fin,
        long cre,
        long dur,
        byte st,
        byte pr,
        byte fl) {
      idMsb[i] = msb;
      idLsb[i] = lsb;
      revision[i] = rev;
      finished[i] = fin;
      created[i] = cre;
      duration[i] = dur;
      status[i] = st;
      priority[i] = pr;
      flags[i] = fl;
    }

    void resize(int capacity) {
      idMsb = Arrays.copyOf(idMsb, capacity);
      idLsb = Arrays.copyOf(idLsb, capacity);
      revision = Arrays.copyOf(revision, capacity);
      finished = Arrays.copyOf(finished, capacity);
      created = Arrays.copyOf(created, capacity);
      duration = Arrays.copyOf(duration, capacity);
      status = Arrays.copyOf(status, capacity);
      priority = Arrays.copyOf(priority, capacity);
      flags = Arrays.copyOf(flags, capacity);
    }
  }

  /**
   * Builds an index block by block as the segment's lines go by: {@link #startBlock}, one {@link
   * #add} per line (with its parsed record, or null when the line is damaged), {@link #endBlock}.
   */
  public static final class Builder {
    private final String segment;
    private final java.util.List<Block> blocks = new java.util.ArrayList<>();
    private final BlockBloom.KeySet keys = new BlockBloom.KeySet();
    private final SegmentSummary.Builder summary = new SegmentSummary.Builder();
    private Columns columns = new Columns(1024);
    private int count;
    private long blockOffset = -1;
    private int blockFirst;
    private long[] ranges = newRanges();
    private int statusMask;
    private int priorityMask;

    public Builder(String segment) {
      this.segment = segment;
    }

    /** Continues an index of a plain segment that has grown: keeps its blocks, adds new ones. */
    public static Builder continuing(SegmentIndex index) {
      Builder b = new Builder(index.header.segment());
      b.blocks.addAll(Arrays.asList(index.blocks));
      b.summary.merge(index.summary());
      int n = index.recordCount();
      b.columns = new Columns(Math.max(1024, n * 2));
      for (int i = 0; i < n; i++) {
        b.columns.set(
            i,
            index.idMsb[i],
            index.idLsb[i],
            index.revision[i],
            index.finished[i],
            index.created[i],
            index.duration[i],
            index.status[i],
            index.priority[i],
            index.flags[i]);
      }
      b.count = n;
      return b;
    }

    private static long[] newRanges() {
      return new long[] {
        Long.MAX_VALUE, Long.MIN_VALUE,
        Long.MAX_VALUE, Long.MIN_VALUE,
        Long.MAX_VALUE, Long.MIN_VALUE,
        Long.MAX_VALUE, Long.MIN_VALUE
      };
    }

    public void startBlock(long offset) {
      blockOffset = offset;
      blockFirst = count;
      ranges = newRanges();
      statusMask = 0;
      priorityMask = 0;
      keys.clear();
    }

    /** Adds the next line of the current block: its record, or null when it is damaged. */
    public void add(@Nullable ArchivedTask r) {
      if (blockOffset < 0) {
        throw new IllegalStateException("startBlock first");
      }
      if (count == columns.revision.length) {
        columns.resize(count * 2);
      }
      if (r == null) {
        columns.set(count++, 0, 0, 0, 0, 0, 0, (byte) 0, (byte) 0, DAMAGED);
        summary.addDamaged();
        return;
      }
      Task t = r.task();
      long fin = ArchivedRecords.finishedAt(r).toEpochMilli();
      long cre = t.createdAt().toEpochMilli();
      boolean supersedes = ArchivedRecords.supersedesEarlier(r);
      columns.set(
          count++,
          t.id().getMostSignificantBits(),
          t.id().getLeastSignificantBits(),
          r.archivedRevision(),
          fin,
          cre,
          t.durationSeconds(),
          (byte) code(t.status()),
          (byte) code(t.priority()),
          supersedes ? SUPERSEDES : 0);
      widen(0, r.archivedRevision());
      widen(2, cre);
      widen(4, fin);
      widen(6, t.durationSeconds());
      statusMask |= 1 << code(t.status());
      priorityMask |= 1 << code(t.priority());
      SearchKeys.keysOf(t, keys::add);
      summary.add(r);
    }

    private void widen(int at, long v) {
      ranges[at] = Math.min(ranges[at], v);
      ranges[at + 1] = Math.max(ranges[at + 1], v);
    }

    /** Closes the current block, {@code length} bytes long in the segment file. */
    public void endBlock(int length) {
      if (blockOffset < 0) {
        throw new IllegalStateException("no block started");
      }
      if (count > blockFirst) {
        blocks.add(
            new Block(
                blocks.size(),
                blockOffset,
                length,
                blockFirst,
                count - blockFirst,
                ranges,
                statusMask,
                priorityMask,
                keys.toFilter()));
      }
      blockOffset = -1;
    }

    public int records() {
      return count;
    }

    public SegmentIndex build(
        long segmentBytes, String segmentFingerprint, long sourceBytes, String sourceCrc32c) {
      if (blockOffset >= 0) {
        throw new IllegalStateException("a block is still open");
      }
      columns.resize(count);
      Header header =
          new Header(
              SCHEMA_VERSION,
              segment,
              segmentBytes,
              segmentFingerprint,
              sourceBytes,
              sourceCrc32c,
              blocks.size(),
              summary.build());
      return new SegmentIndex(header, blocks.toArray(new Block[0]), columns);
    }
  }
}
