package dev.vigil.spec;

/** A compressed BLS signature as bytes (BLSSignature in the consensus specs); not validated here. */
public final class BLSSignature extends FixedBytes {
  public static final int SIZE = 96;

  public BLSSignature(byte[] bytes) {
    super(bytes, SIZE);
  }

  /** Parses hex with or without 0x. */
  public static BLSSignature fromHex(String hex) {
    return new BLSSignature(Hex.decode(hex, SIZE));
  }
}
