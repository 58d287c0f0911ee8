package dev.vigil.crypto;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The message points of the most recently signed messages, so that the validators signing the same
 * message in the same slot hash it to the curve once. Direct-mapped on the message's leading bytes
 * (signing roots are SHA-256 outputs, so those are uniform): bounded, lock-free, and an entry is
 * only ever used for the exact message it was computed from. Two threads missing the same message
 * at once both compute it; the results are equal.
 */
public final class RecentMessagePoints {
  private final AtomicReferenceArray<MessagePoint> slots;
  private final int mask;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** Holds up to {@code capacity} points; {@code capacity} must be a power of two. */
  public RecentMessagePoints(int capacity) {
    if (capacity < 1 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity: must be a power of two, got " + capacity);
    }
    this.slots = new AtomicReferenceArray<>(capacity);
    this.mask = capacity - 1;
  }

  /** hash_to_point(message), computed now or taken from an earlier call with the same message. */
  public MessagePoint pointOf(byte[] message) {
    int slot = slotOf(message);
    MessagePoint cached = slots.get(slot);
    if (cached != null && cached.isFor(message)) {
      hits.increment();
      return cached;
    }
    misses.increment();
    MessagePoint computed = MessagePoint.of(message);
    slots.set(slot, computed);
    return computed;
  }

  /** Messages served from an earlier computation. */
  public long hits() {
    return hits.sum();
  }

  /** Messages hashed to the curve. */
  public long misses() {
    return misses.sum();
  }

  private int slotOf(byte[] message) {
    int h = 0;
    for (int i = 0; i < Math.min(4, message.length); i++) {
      h = (h << 8) | (message[i] & 0xff);
    }
    return (h ^ (h >>> 16) ^ message.length) & mask;
  }
}
