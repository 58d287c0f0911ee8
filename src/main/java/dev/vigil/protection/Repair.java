package dev.vigil.protection;

import dev.vigil.spec.BLSPubkey;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A repair of records that refuse honest messages (a far-future block or attestation signed by
 * mistake or by an attacker): for the given keys (all when empty), every block above
 * {@code aboveSlot} and every attestation whose source or target epoch is above {@code aboveEpoch}
 * is removed, and low watermarks above them are lowered to them. The removed messages were signed:
 * if one was published, signing below it again can be slashable.
 */
public record Repair(Set<BLSPubkey> pubkeys, OptionalLong aboveSlot, OptionalLong aboveEpoch) {
  public Repair {
    pubkeys = Set.copyOf(pubkeys);
    if (aboveSlot.isEmpty() && aboveEpoch.isEmpty()) {
      throw new IllegalArgumentException("a repair needs a slot, an epoch or both");
    }
  }
}
