package dev.vigil.protection;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A repair of records that refuse honest messages (a far-future block or attestation signed by
 * mistake or by an attacker): for the given keys (all when empty), every block above
 * {@code aboveSlot} and every attestation whose source or target epoch is above {@code aboveEpoch}
 * is removed, and low watermarks above them are lowered to them. The removed messages were signed:
 * if one was published, signing below it again can be slashable. With {@code genesisValidatorsRoot},
 * the store is pinned to that root instead of the one it holds (a root pinned by mistake refuses
 * every honest message); the records stay.
 */
public record Repair(
    Set<BLSPubkey> pubkeys, OptionalLong aboveSlot, OptionalLong aboveEpoch, Optional<Bytes32> genesisValidatorsRoot) {
  public Repair {
    pubkeys = Set.copyOf(pubkeys);
    if (aboveSlot.isEmpty() && aboveEpoch.isEmpty() && genesisValidatorsRoot.isEmpty()) {
      throw new IllegalArgumentException("a repair needs a slot, an epoch or a genesis validators root");
    }
  }
}
