package dev.vigil.signer;

import dev.vigil.spec.BLSPubkey;

/**
 * A loaded secret key whose public key is not the one it is filed under. It must never sign: its
 * slashing protection would be kept under another validator's history.
 */
public final class KeyMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeyMismatchException(BLSPubkey pubkey) {
    super("the secret key loaded for " + pubkey + " does not belong to that public key; it signs nothing");
  }
}
