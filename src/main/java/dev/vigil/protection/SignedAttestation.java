package dev.vigil.protection;

import dev.vigil.spec.Bytes32;
import dev.vigil.spec.UInt64;
import java.util.Optional;

/** A recorded attestation; the signing root is absent when an imported record had none. */
public record SignedAttestation(long sourceEpoch, long targetEpoch, Optional<Bytes32> signingRoot) {
  @Override
  public String toString() {
    return "source "
        + UInt64.toString(sourceEpoch)
        + " target "
        + UInt64.toString(targetEpoch)
        + signingRoot.map(r -> " with root " + r).orElse(" (no signing root)");
  }
}
