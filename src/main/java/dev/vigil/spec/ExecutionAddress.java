package dev.vigil.spec;

/** A 20-byte execution-layer address (ExecutionAddress in the consensus specs). */
public final class ExecutionAddress extends FixedBytes {
  public static final int SIZE = 20;

  public ExecutionAddress(byte[] bytes) {
    super(bytes, SIZE);
  }

  /** Parses hex with or without 0x, in any letter case (EIP-55 checksummed text is accepted). */
  public static ExecutionAddress fromHex(String hex) {
    return new ExecutionAddress(Hex.decode(hex, SIZE));
  }
}
