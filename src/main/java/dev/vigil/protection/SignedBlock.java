package dev.vigil.protection;

import dev.vigil.spec.Bytes32;
import dev.vigil.spec.UInt64;
import java.util.Optional;

/** A recorded block proposal; the signing root is absent when an imported record had none. */
public record SignedBlock(long slot, Optional<Bytes32> signingRoot) {
  @Override
  public String toString() {
    return "slot " + UInt64.toString(slot) + signingRoot.map(r -> " with root " + r).orElse(" (no signing root)");
  }
}
