package dev.vigil.signer;

import dev.vigil.spec.BLSPubkey;

/** No key for the requested public key is loaded. */
public final class UnknownKeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnknownKeyException(BLSPubkey pubkey) {
    super("no key loaded for public key " + pubkey);
  }
}
