package dev.vigil.spec;

/** A 4-byte value: Version, DomainType in the consensus specs. */
public final class Bytes4 extends FixedBytes {
  public static final int SIZE = 4;

  public Bytes4(byte[] bytes) {
    super(bytes, SIZE);
  }

  /** Parses hex with or without 0x. */
  public static Bytes4 fromHex(String hex) {
    return new Bytes4(Hex.decode(hex, SIZE));
  }
}
