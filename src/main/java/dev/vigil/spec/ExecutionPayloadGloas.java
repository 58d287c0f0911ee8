package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;
import java.math.BigInteger;
import java.util.List;

/**
 * ExecutionPayload of Gloas: a ProgressiveContainer of 19 active fields (EIP-7688) with progressive
 * transactions and withdrawals, the block access list (EIP-7928) and the slot number (EIP-7843).
 */
public record ExecutionPayloadGloas(
    Bytes32 parentHash,
    ExecutionAddress feeRecipient,
    Bytes32 stateRoot,
    Bytes32 receiptsRoot,
    ByteList logsBloom,
    Bytes32 prevRandao,
    long blockNumber,
    long gasLimit,
    long gasUsed,
    long timestamp,
    ByteList extraData,
    BigInteger baseFeePerGas,
    Bytes32 blockHash,
    List<ByteList> transactions,
    List<Withdrawal> withdrawals,
    long blobGasUsed,
    long excessBlobGas,
    ByteList blockAccessList,
    long slotNumber) implements SszContainer {
  public static final int BYTES_PER_LOGS_BLOOM = 256;
  public static final int MAX_EXTRA_DATA_BYTES = 32;

  public ExecutionPayloadGloas {
    if (logsBloom.size() != BYTES_PER_LOGS_BLOOM) {
      throw new IllegalArgumentException("logs_bloom: " + logsBloom.size() + " bytes, expected " + BYTES_PER_LOGS_BLOOM);
    }
    if (extraData.size() > MAX_EXTRA_DATA_BYTES) {
      throw new IllegalArgumentException("extra_data: " + extraData.size() + " bytes, more than " + MAX_EXTRA_DATA_BYTES);
    }
    if (baseFeePerGas.signum() < 0 || baseFeePerGas.bitLength() > 256) {
      throw new IllegalArgumentException("base_fee_per_gas: not a uint256");
    }
    transactions = List.copyOf(transactions);
    withdrawals = List.copyOf(withdrawals);
  }

  @Override
  public byte[] root(Merkleizer m) {
    byte[] bloom = logsBloom.toArray();
    return m.progressiveContainer(
        m.bytes(parentHash), m.bytes(feeRecipient), m.bytes(stateRoot), m.bytes(receiptsRoot),
        m.merkleize(Merkleizer.pack(bloom), bloom.length / Merkleizer.CHUNK), m.bytes(prevRandao),
        Merkleizer.uint64(blockNumber), Merkleizer.uint64(gasLimit), Merkleizer.uint64(gasUsed), Merkleizer.uint64(timestamp),
        m.byteList(extraData, MAX_EXTRA_DATA_BYTES), uint256(baseFeePerGas), m.bytes(blockHash),
        m.progressiveList(transactions.stream().map(m::progressiveByteList).toList()),
        m.progressiveList(withdrawals.stream().map(w -> w.root(m)).toList()),
        Merkleizer.uint64(blobGasUsed), Merkleizer.uint64(excessBlobGas),
        m.progressiveByteList(blockAccessList), Merkleizer.uint64(slotNumber));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(parentHash).bytes(feeRecipient).bytes(stateRoot).bytes(receiptsRoot)
        .fixed(logsBloom.toArray()).bytes(prevRandao).uint64(blockNumber).uint64(gasLimit).uint64(gasUsed)
        .uint64(timestamp).variable(extraData.toArray()).fixed(uint256(baseFeePerGas)).bytes(blockHash)
        .variableList(transactions, ByteList::toArray).fixedList(withdrawals, SszContainer::toSszBytes)
        .uint64(blobGasUsed).uint64(excessBlobGas).variable(blockAccessList.toArray()).uint64(slotNumber).finish();
  }

  /** A uint256 as its 32-byte little-endian chunk (its serialization and hash_tree_root). */
  private static byte[] uint256(BigInteger value) {
    byte[] bigEndian = value.toByteArray();
    byte[] chunk = new byte[Merkleizer.CHUNK];
    for (int i = 0; i < bigEndian.length && i < Merkleizer.CHUNK; i++) {
      chunk[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return chunk;
  }
}
