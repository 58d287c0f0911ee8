package dev.vigil.keys;

import dev.vigil.spec.BLSPubkey;
import java.util.Arrays;

/** A public key with its secret in clear, in an array that {@link #close} wipes; never printed. */
public final class UnsealedKey implements AutoCloseable {
  private final BLSPubkey pubkey;
  private final byte[] secret;

  UnsealedKey(BLSPubkey pubkey, byte[] secret) {
    this.pubkey = pubkey;
    this.secret = secret;
  }

  public BLSPubkey pubkey() {
    return pubkey;
  }

  /**
   * The 32 secret bytes themselves, not a copy (copies would linger unwiped): read them into the
   * signing key, keep no reference, then {@link #close}.
   */
  public byte[] secret() {
    return secret;
  }

  /** Overwrites the secret with zeros. */
  @Override
  public void close() {
    Arrays.fill(secret, (byte) 0);
  }

  @Override
  public String toString() {
    return "UnsealedKey[" + pubkey + "]";
  }
}
