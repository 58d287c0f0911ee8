package dev.vigil.spec;

/** A compressed BLS public key as bytes (BLSPubkey in the consensus specs); not validated here. */
public final class BLSPubkey extends FixedBytes {
  public static final int SIZE = 48;

  public BLSPubkey(byte[] bytes) {
    super(bytes, SIZE);
  }

  /** Parses hex with or without 0x. */
  public static BLSPubkey fromHex(String hex) {
    return new BLSPubkey(Hex.decode(hex, SIZE));
  }
}
