package dev.vigil.crypto;

import java.util.Arrays;
import supranational.blst.P2;

/**
 * Q = hash_to_point(message) of CoreSign (hash_to_curve onto G2 with the Ethereum ciphersuite's
 * tag): the half of a BLS signature that does not depend on the key, and about half of its cost.
 * Every validator that signs the same message (all attesters of a slot sign one AttestationData,
 * all sync-committee members one block root) can share it. Immutable: signing multiplies a copy.
 */
public final class MessagePoint {
  private final byte[] message;
  private final P2 point;

  private MessagePoint(byte[] message, P2 point) {
    this.message = message;
    this.point = point;
  }

  /** hash_to_point(message). */
  public static MessagePoint of(byte[] message) {
    byte[] copy = message.clone();
    return new MessagePoint(copy, Bls.hashToG2(copy, Bls.DST));
  }

  /** Whether this is the point of exactly {@code candidate}. */
  public boolean isFor(byte[] candidate) {
    return Arrays.equals(message, candidate);
  }

  /** A copy of Q that the caller may multiply in place. */
  P2 copy() {
    return point.dup();
  }
}
