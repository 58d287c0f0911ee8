package dev.vigil.spec;

/** A KZG commitment as bytes (KZGCommitment, Bytes48, in the consensus specs); not validated here. */
public final class KZGCommitment extends FixedBytes {
  public static final int SIZE = 48;

  public KZGCommitment(byte[] bytes) {
    super(bytes, SIZE);
  }

  /** Parses hex with or without 0x. */
  public static KZGCommitment fromHex(String hex) {
    return new KZGCommitment(Hex.decode(hex, SIZE));
  }
}
