package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;

/** ExecutionPayloadEnvelope of Gloas (EIP-7732): a ProgressiveContainer of 5 active fields. */
public record ExecutionPayloadEnvelope(
    ExecutionPayloadGloas payload,
    ExecutionRequestsGloas executionRequests,
    long builderIndex,
    Bytes32 beaconBlockRoot,
    Bytes32 parentBeaconBlockRoot) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.progressiveContainer(payload.root(m), executionRequests.root(m), Merkleizer.uint64(builderIndex),
        m.bytes(beaconBlockRoot), m.bytes(parentBeaconBlockRoot));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().variable(payload.toSszBytes()).variable(executionRequests.toSszBytes()).uint64(builderIndex)
        .bytes(beaconBlockRoot).bytes(parentBeaconBlockRoot).finish();
  }
}
