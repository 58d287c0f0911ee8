package dev.vigil.signer;

import dev.vigil.attestation.AttestationProvider;
import dev.vigil.attestation.EvidenceVerifier;
import dev.vigil.attestation.VerificationPolicy;

/** How a signer and its witnesses authenticate each other (docs/tee.md section 3, "The channel"). */
public sealed interface FreshnessAuth {
  /** Outside a TEE: a token given to both sides; the session key is derived from it. */
  record Token(String token) implements FreshnessAuth {
    public Token {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("--freshness-token-file: the token is empty");
      }
    }
  }

  /**
   * Inside a TEE: the attested X25519 handshake; this side's evidence comes from {@code attestation}
   * and the peer's must pass {@code peerPolicy}.
   */
  record Attested(AttestationProvider attestation, EvidenceVerifier verifier, VerificationPolicy peerPolicy)
      implements FreshnessAuth {}
}
