package dev.vigil.attestation;

import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void all() {
    for (String name : QuoteVectors.REAL) {
      Verdict v = new EvidenceVerifier().verify(QuoteVectors.quote(name), VerificationPolicy.strict().withAllowDebug(true));
      System.out.println(name + "\n" + v.toText());
    }
  }
}
