package dev.vigil.attestation;

/** An SGX enclave report body (384 bytes): the enclave's identity as the CPU measured it. */
public record SgxReportBody(
    byte[] cpuSvn,
    int miscSelect,
    byte[] attributes,
    byte[] mrEnclave,
    byte[] mrSigner,
    int isvProdId,
    int isvSvn,
    byte[] reportData) {
  public static final int SIZE = 384;
  private static final int DEBUG_FLAG = 0x02;

  static SgxReportBody parse(QuoteReader in) {
    byte[] cpuSvn = in.bytes(16, "cpusvn");
    int miscSelect = in.u32("miscselect");
    in.skip(28);
    byte[] attributes = in.bytes(16, "attributes");
    byte[] mrEnclave = in.bytes(32, "mrenclave");
    in.skip(32);
    byte[] mrSigner = in.bytes(32, "mrsigner");
    in.skip(96);
    int isvProdId = in.u16("isvprodid");
    int isvSvn = in.u16("isvsvn");
    in.skip(60);
    byte[] reportData = in.bytes(64, "report_data");
    return new SgxReportBody(cpuSvn, miscSelect, attributes, mrEnclave, mrSigner, isvProdId, isvSvn, reportData);
  }

  /** ATTRIBUTES.DEBUG: the enclave's memory can be read by a debugger, so it keeps no secret. */
  public boolean debug() {
    return (attributes[0] & DEBUG_FLAG) != 0;
  }
}
