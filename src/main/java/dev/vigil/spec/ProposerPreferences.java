package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;

/** ProposerPreferences of Gloas (EIP-7732, p2p-interface): a proposer's fee recipient and gas limit for a slot. */
public record ProposerPreferences(
    Bytes32 dependentRoot, long proposalSlot, long validatorIndex, ExecutionAddress feeRecipient, long targetGasLimit)
    implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.bytes(dependentRoot), Merkleizer.uint64(proposalSlot), Merkleizer.uint64(validatorIndex),
        m.bytes(feeRecipient), Merkleizer.uint64(targetGasLimit));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(dependentRoot).uint64(proposalSlot).uint64(validatorIndex).bytes(feeRecipient)
        .uint64(targetGasLimit).finish();
  }
}
