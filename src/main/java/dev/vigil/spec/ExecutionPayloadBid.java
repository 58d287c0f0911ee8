package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;
import java.util.List;

/**
 * ExecutionPayloadBid of Gloas (EIP-7732), a ProgressiveContainer of 12 active fields (EIP-7688);
 * blob_kzg_commitments is a ProgressiveList[KZGCommitment].
 */
public record ExecutionPayloadBid(
    Bytes32 parentBlockHash,
    Bytes32 parentBlockRoot,
    Bytes32 blockHash,
    Bytes32 prevRandao,
    ExecutionAddress feeRecipient,
    long gasLimit,
    long builderIndex,
    long slot,
    long value,
    long executionPayment,
    List<KZGCommitment> blobKzgCommitments,
    Bytes32 executionRequestsRoot) implements SszContainer {
  /** MAX_BLOB_COMMITMENTS_PER_BLOCK: a bound on the decoded input (progressive lists have no root limit). */
  public static final int MAX_BLOB_COMMITMENTS = 4096;

  public ExecutionPayloadBid {
    blobKzgCommitments = List.copyOf(blobKzgCommitments);
  }

  @Override
  public byte[] root(Merkleizer m) {
    return m.progressiveContainer(
        m.bytes(parentBlockHash), m.bytes(parentBlockRoot), m.bytes(blockHash), m.bytes(prevRandao),
        m.bytes(feeRecipient), Merkleizer.uint64(gasLimit), Merkleizer.uint64(builderIndex), Merkleizer.uint64(slot),
        Merkleizer.uint64(value), Merkleizer.uint64(executionPayment),
        m.progressiveList(blobKzgCommitments.stream().map(m::bytes).toList()), m.bytes(executionRequestsRoot));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(parentBlockHash).bytes(parentBlockRoot).bytes(blockHash).bytes(prevRandao)
        .bytes(feeRecipient).uint64(gasLimit).uint64(builderIndex).uint64(slot).uint64(value).uint64(executionPayment)
        .fixedList(blobKzgCommitments, FixedBytes::toArray).bytes(executionRequestsRoot).finish();
  }
}
