package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** ValidatorRegistrationV1 of the builder specs (gas_limit and timestamp are uint64). */
public record ValidatorRegistration(
    ExecutionAddress feeRecipient, long gasLimit, long timestamp, BLSPubkey pubkey) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(
        m.bytes(feeRecipient), Merkleizer.uint64(gasLimit), Merkleizer.uint64(timestamp), m.bytes(pubkey));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(feeRecipient).uint64(gasLimit).uint64(timestamp).bytes(pubkey).finish();
  }
}
