package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** DepositData: the deposit message with its signature (its root is deposit_data_root). */
public record DepositData(
    BLSPubkey pubkey, Bytes32 withdrawalCredentials, long amount, BLSSignature signature)
    implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(
        m.bytes(pubkey), m.bytes(withdrawalCredentials), Merkleizer.uint64(amount), m.bytes(signature));
  }

  /** The DepositMessage this data signs. */
  public DepositMessage message() {
    return new DepositMessage(pubkey, withdrawalCredentials, amount);
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(pubkey).bytes(withdrawalCredentials).uint64(amount).bytes(signature).finish();
  }
}
