package dev.autodev.tracker;

/**
 * A Bloom filter over the keys of one block of archived records ({@link SearchKeys}): about 1%
 * false positives at ten bits per distinct key, seven probes. A query skips a block when any key it
 * needs is certainly absent, so a rare word reads only the few blocks that may hold it.
 */
final class BlockBloom {

  private static final int PROBES = 7;
  private static final int BITS_PER_KEY = 10;

  private BlockBloom() {}

  /** The number of 64-bit words for {@code distinctKeys} keys: a power of two, at least one. */
  static int wordsFor(int distinctKeys) {
    long bits = Math.max(64L, (long) distinctKeys * BITS_PER_KEY);
    long words = Long.highestOneBit(bits - 1) << 1 >>> 6;
    return (int) Math.max(1, Math.min(words, 1 << 24));
  }

  static void add(long[] words, long key) {
    long mask = (long) words.length * 64 - 1;
    long h2 = SearchKeys.mix(key ^ 0x9e3779b97f4a7c15L) | 1;
    long h = key;
    for (int i = 0; i < PROBES; i++) {
      long bit = h & mask;
      words[(int) (bit >>> 6)] |= 1L << (bit & 63);
      h += h2;
    }
  }

  static boolean mightContain(long[] words, long key) {
    long mask = (long) words.length * 64 - 1;
    long h2 = SearchKeys.mix(key ^ 0x9e3779b97f4a7c15L) | 1;
    long h = key;
    for (int i = 0; i < PROBES; i++) {
      long bit = h & mask;
      if ((words[(int) (bit >>> 6)] & (1L << (bit & 63))) == 0) {
        return false;
      }
      h += h2;
    }
    return true;
  }

  /** Whether every key may be present. */
  static boolean mightContainAll(long[] words, long[] keys) {
    for (long k : keys) {
      if (!mightContain(words, k)) {
        return false;
      }
    }
    return true;
  }

  /** Distinct keys of a block, gathered before the filter is sized: open addressing, no boxing. */
  static final class KeySet {
    private long[] slots = new long[1024];
    private boolean zero;
    private int size;

    void add(long key) {
      if (key == 0) {
        if (!zero) {
          zero = true;
          size++;
        }
        return;
      }
      int mask = slots.length - 1;
      int i = (int) SearchKeys.mix(key) & mask;
      while (slots[i] != 0) {
        if (slots[i] == key) {
          return;
        }
        i = (i + 1) & mask;
      }
      slots[i] = key;
      size++;
      if (size * 2 > slots.length) {
        grow();
      }
    }

    private void grow() {
      long[] old = slots;
      slots = new long[old.length * 2];
      size = zero ? 1 : 0;
      for (long k : old) {
        if (k != 0) {
          add(k);
        }
      }
    }

    int size() {
      return size;
    }

    long[] toFilter() {
      long[] words = new long[wordsFor(size)];
      if (zero) {
        BlockBloom.add(words, 0);
      }
      for (long k : slots) {
        if (k != 0) {
          BlockBloom.add(words, k);
        }
      }
      return words;
    }

    void clear() {
      if (slots.length > 1024) {
        slots = new long[1024];
      } else {
        java.util.Arrays.fill(slots, 0);
      }
      zero = false;
      size = 0;
    }
  }
}
