package dev.vigil.signer;

import dev.vigil.protection.Refusal;

/** Slashing protection refused to sign; carries the named reason. */
public final class SigningRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Refusal refusal;

  public SigningRefusedException(Refusal refusal) {
    super("refused by slashing protection: " + refusal.message());
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }
}
