package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;
import java.util.List;

/** Deposit: proof is Vector[Bytes32, DEPOSIT_CONTRACT_TREE_DEPTH + 1]. */
public record Deposit(List<Bytes32> proof, DepositData data) implements SszContainer {
  public Deposit {
    proof = List.copyOf(proof);
    if (proof.size() != Preset.DEPOSIT_CONTRACT_TREE_DEPTH + 1) {
      throw new IllegalArgumentException(
          "proof: expected " + (Preset.DEPOSIT_CONTRACT_TREE_DEPTH + 1) + " roots, got " + proof.size());
    }
  }

  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.vector(proof.stream().map(FixedBytes::toArray).toList()), data.root(m));
  }

  @Override
  public byte[] toSszBytes() {
    SszEncoder encoder = new SszEncoder();
    proof.forEach(encoder::bytes);
    return encoder.fixed(data.toSszBytes()).finish();
  }
}
