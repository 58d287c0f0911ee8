package dev.vigil.attestation;

import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void all() {
    for (String n : QuoteVectors.REAL) {
    DcapQuote q = DcapQuote.parse(QuoteVectors.quote(n));
    var chain = Certificates.leafFirst(Certificates.parse(q.certificationData()));
    PckExtension e = PckExtension.of(chain.get(0));
    System.out.println(n + " " + java.util.Arrays.toString(e.cpuSvnComponents()) + " pce=" + e.pceSvn() + " fmspc=" + java.util.HexFormat.of().formatHex(e.fmspc()) + " " + q.tdxBody().map(b -> java.util.HexFormat.of().formatHex(b.teeTcbSvn())).orElse(""));
    }
  }
}
