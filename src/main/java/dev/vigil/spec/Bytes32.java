package dev.vigil.spec;

/** A 32-byte value: Root, Domain, Bytes32 in the consensus specs. */
public final class Bytes32 extends FixedBytes {
  public static final int SIZE = 32;
  public static final Bytes32 ZERO = new Bytes32(new byte[SIZE]);

  public Bytes32(byte[] bytes) {
    super(bytes, SIZE);
  }

  /** Parses hex with or without 0x. */
  public static Bytes32 fromHex(String hex) {
    return new Bytes32(Hex.decode(hex, SIZE));
  }
}
