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
 * <p>For a compressed segment it is persisted as the sidecar {@code <base>.idx}, a binary file (see
 * {@link #encode()}) whose JSON {@link Header} carries {@code schema_version}. It is derived data:
 * when it is missing, damaged or describes another file, it is rebuilt from the segment. For a
 * plain segment the same structure is built in memory by reading the file.
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

  /** Bytes per record in the columns: id (16), revision, finished, created, duration, 3 bytes. */
  private static final int ROW = 51;

  private static final int PREAMBLE = 16;

  private final Header header;
  private final Block[] blocks;
  private final int records;
  private final @Nullable Path file;
  private final long columnsOffset;
  private volatile @Nullable ByteBuffer columns;

  private SegmentIndex(
      Header header,
      Block[] blocks,
      int records,
      @Nullable ByteBuffer columns,
      @Nullable Path file,
      long columnsOffset) {
    this.header = header;
    this.blocks = blocks;
    this.records = records;
    this.columns = columns;
    this.file = file;
    this.columnsOffset = columnsOffset;
  }

  /**
   * The per-record columns, read from the sidecar on first use (and checked against their own
   * CRC-32C): a query that only needs the blocks' filters never reads them.
   */
  private ByteBuffer columns() {
    ByteBuffer c = columns;
    if (c != null) {
      return c;
    }
    synchronized (this) {
      if (columns == null) {
        columns = loadColumns();
      }
      return columns;
    }
  }

  private ByteBuffer loadColumns() {
    Path f = file;
    if (f == null) {
      throw new IllegalStateException("an index built in memory always has its columns");
    }
    int length = records * ROW;
    byte[] bytes;
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      bytes = readFully(ch, columnsOffset, length + 4, f);
    } catch (IOException e) {
      throw StoreException.io(f, "read", e);
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes, length, 4).getInt()) {
      throw corrupt(f, "checksum mismatch in the record columns");
    }
    return ByteBuffer.wrap(bytes, 0, length).slice();
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
    return records;
  }

  public UUID id(int record) {
    ByteBuffer c = columns();
    return new UUID(c.getLong(record * ROW), c.getLong(record * ROW + 8));
  }

  public boolean idEquals(int record, UUID id) {
    ByteBuffer c = columns();
    return c.getLong(record * ROW) == id.getMostSignificantBits()
        && c.getLong(record * ROW + 8) == id.getLeastSignificantBits();
  }

  public long idMsb(int record) {
    return columns().getLong(record * ROW);
  }

  public long idLsb(int record) {
    return columns().getLong(record * ROW + 8);
  }

  public long revision(int record) {
    return columns().getLong(record * ROW + 16);
  }

  public long finishedMillis(int record) {
    return columns().getLong(record * ROW + 24);
  }

  public long createdMillis(int record) {
    return columns().getLong(record * ROW + 32);
  }

  public long durationSeconds(int record) {
    return columns().getLong(record * ROW + 40);
  }

  /** The record's status, or null for a damaged line. */
  public @Nullable TaskStatus status(int record) {
    return statusOf(columns().get(record * ROW + 48));
  }

  public @Nullable Priority priority(int record) {
    return priorityOf(columns().get(record * ROW + 49));
  }

  public boolean damaged(int record) {
    return (columns().get(record * ROW + 50) & DAMAGED) != 0;
  }

  public boolean supersedesEarlier(int record) {
    return (columns().get(record * ROW + 50) & SUPERSEDES) != 0;
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

  /**
   * The sidecar bytes: a 16-byte preamble ({@code ADIX}, the lengths of the header and of the
   * blocks, the record count), the header JSON, the blocks, a CRC-32C of all that; then the record
   * columns and their own CRC-32C, so the blocks can be read and checked without the columns.
   */
  public byte[] encode() {
    byte[] head = TrackerJson.compact(header);
    int blocksLength = 0;
    for (Block b : blocks) {
      blocksLength += 96 + b.bloom.length * 8;
    }
    ByteBuffer c = columns();
    int columnsLength = records * ROW;
    ByteBuffer out =
        ByteBuffer.allocate(PREAMBLE + head.length + blocksLength + 4 + columnsLength + 4);
    out.putInt(MAGIC).putInt(head.length).putInt(blocksLength).putInt(records).put(head);
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
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    int columnsStart = out.position();
    for (int i = 0; i < columnsLength; i++) {
      out.put(c.get(i));
    }
    crc.reset();
    crc.update(out.array(), columnsStart, columnsLength);
    out.putInt((int) crc.getValue());
    return out.array();
  }

  /**
   * Reads a sidecar's header and blocks (the columns follow on first use); a damaged one is a
   * {@code CORRUPT_FILE}, a newer one is refused.
   */
  public static SegmentIndex read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < PREAMBLE + 8) {
        throw corrupt(file, "too short");
      }
      ByteBuffer pre = ByteBuffer.wrap(readFully(ch, 0, PREAMBLE, file));
      int magic = pre.getInt();
      int headLength = pre.getInt();
      int blocksLength = pre.getInt();
      int records = pre.getInt();
      if (magic != MAGIC) {
        throw corrupt(file, "not a segment index");
      }
      long expected = (long) PREAMBLE + headLength + blocksLength + 4 + (long) records * ROW + 4;
      if (headLength < 2 || blocksLength < 0 || records < 0 || expected != size) {
        throw corrupt(file, "lengths do not add up to the file size");
      }
      byte[] first = new byte[PREAMBLE + headLength + blocksLength + 4];
      System.arraycopy(pre.array(), 0, first, 0, PREAMBLE);
      byte[] rest = readFully(ch, PREAMBLE, first.length - PREAMBLE, file);
      System.arraycopy(rest, 0, first, PREAMBLE, rest.length);
      return parse(first, headLength, records, null, file, first.length);
    } catch (IOException e) {
      throw StoreException.io(file, "read", e);
    }
  }

  /** Parses a whole sidecar held in memory, columns included. */
  static SegmentIndex decode(byte[] bytes, Path file) {
    if (bytes.length < PREAMBLE + 8) {
      throw corrupt(file, "too short");
    }
    ByteBuffer pre = ByteBuffer.wrap(bytes);
    if (pre.getInt() != MAGIC) {
      throw corrupt(file, "not a segment index");
    }
    int headLength = pre.getInt();
    int blocksLength = pre.getInt();
    int records = pre.getInt();
    long columnsOffset = (long) PREAMBLE + headLength + blocksLength + 4;
    if (headLength < 2
        || blocksLength < 0
        || records < 0
        || columnsOffset + (long) records * ROW + 4 != bytes.length) {
      throw corrupt(file, "lengths do not add up to the file size");
    }
    int length = records * ROW;
    CRC32C crc = new CRC32C();
    crc.update(bytes, (int) columnsOffset, length);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes, (int) columnsOffset + length, 4).getInt()) {
      throw corrupt(file, "checksum mismatch in the record columns");
    }
    ByteBuffer columns = ByteBuffer.wrap(bytes, (int) columnsOffset, length).slice();
    return parse(bytes, headLength, records, columns, null, columnsOffset);
  }

  /** Parses the preamble, header and blocks at the start of {@code bytes}. */
  private static SegmentIndex parse(
      byte[] bytes,
      int headLength,
      int records,
      @Nullable ByteBuffer columns,
      @Nullable Path source,
      long columnsOffset) {
    Path file = source == null ? Path.of("sidecar") : source;
    try {
      int blocksEnd = (int) columnsOffset - 4;
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, blocksEnd);
      if ((int) crc.getValue() != ByteBuffer.wrap(bytes, blocksEnd, 4).getInt()) {
        throw corrupt(file, "checksum mismatch");
      }
      ByteBuffer in = ByteBuffer.wrap(bytes, 0, blocksEnd);
      in.position(PREAMBLE);
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
        int count = in.getInt();
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
            new Block(i, offset, length, first, count, ranges, statusMask, priorityMask, bloom);
      }
      if (in.remaining() != 0) {
        throw corrupt(file, "unexpected bytes after the blocks");
      }
      checkBlocks(blocks, records, file);
      return new SegmentIndex(header, blocks, records, columns, source, columnsOffset);
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw corrupt(file, "truncated or malformed");
    }
  }

  private static byte[] readFully(FileChannel ch, long position, int length, Path file)
      throws IOException {
    byte[] bytes = new byte[length];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      if (ch.read(buffer, position + buffer.position()) < 0) {
        throw corrupt(file, "truncated");
      }
    }
    return bytes;
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

  /** The record columns while building: rows of {@link #ROW} bytes, growing as needed. */
  private static final class Rows {
    private byte[] bytes;
    private int count;

    Rows(int capacity) {
      bytes = new byte[capacity * ROW];
    }

    void add(long msb, long lsb, long rev, long fin, long cre, long dur, int st, int pr, int fl) {
      if ((count + 1) * ROW > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, ROW * 64));
      }
      ByteBuffer b = ByteBuffer.wrap(bytes, count * ROW, ROW);
      b.putLong(msb).putLong(lsb).putLong(rev).putLong(fin).putLong(cre).putLong(dur);
      b.put((byte) st).put((byte) pr).put((byte) fl);
      count++;
    }

    void addAll(ByteBuffer columns, int n) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length, n * ROW * 2));
      columns.get(0, bytes, 0, n * ROW);
      count = n;
    }

    ByteBuffer build() {
      return ByteBuffer.wrap(Arrays.copyOf(bytes, count * ROW));
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
    private final Rows rows = new Rows(1024);
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
      b.rows.addAll(index.columns(), n);
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
      if (r == null) {
        rows.add(0, 0, 0, 0, 0, 0, 0, 0, DAMAGED);
        count++;
        summary.addDamaged();
        return;
      }
      Task t = r.task();
      long fin = ArchivedRecords.finishedAt(r).toEpochMilli();
      long cre = t.createdAt().toEpochMilli();
      boolean supersedes = ArchivedRecords.supersedesEarlier(r);
      count++;
      rows.add(
          t.id().getMostSignificantBits(),
          t.id().getLeastSignificantBits(),
          r.archivedRevision(),
          fin,
          cre,
          t.durationSeconds(),
          code(t.status()),
          code(t.priority()),
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
      return new SegmentIndex(header, blocks.toArray(new Block[0]), count, rows.build(), null, 0);
    }
  }
}
