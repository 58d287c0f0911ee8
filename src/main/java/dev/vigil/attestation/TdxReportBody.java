package dev.vigil.attestation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A TDX TD report body: TD 1.0 (584 bytes, quote v4 and v5 body type 2) or TD 1.5 (648 bytes, quote
 * v5 body type 3, adding TEE_TCB_SVN2 and MRSERVICETD).
 */
public record TdxReportBody(
    byte[] teeTcbSvn,
    byte[] mrSeam,
    byte[] mrSignerSeam,
    byte[] seamAttributes,
    byte[] tdAttributes,
    byte[] xfam,
    byte[] mrTd,
    byte[] mrConfigId,
    byte[] mrOwner,
    byte[] mrOwnerConfig,
    List<byte[]> rtmrs,
    byte[] reportData,
    Optional<byte[]> teeTcbSvn2,
    Optional<byte[]> mrServiceTd) {
  public static final int SIZE_TD10 = 584;
  public static final int SIZE_TD15 = 648;
  private static final int DEBUG_FLAG = 0x01;

  static TdxReportBody parse(QuoteReader in, boolean td15) {
    byte[] teeTcbSvn = in.bytes(16, "tee_tcb_svn");
    byte[] mrSeam = in.bytes(48, "mrseam");
    byte[] mrSignerSeam = in.bytes(48, "mrsignerseam");
    byte[] seamAttributes = in.bytes(8, "seam_attributes");
    byte[] tdAttributes = in.bytes(8, "td_attributes");
    byte[] xfam = in.bytes(8, "xfam");
    byte[] mrTd = in.bytes(48, "mrtd");
    byte[] mrConfigId = in.bytes(48, "mrconfigid");
    byte[] mrOwner = in.bytes(48, "mrowner");
    byte[] mrOwnerConfig = in.bytes(48, "mrownerconfig");
    List<byte[]> rtmrs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rtmrs.add(in.bytes(48, "rtmr" + i));
    }
    byte[] reportData = in.bytes(64, "report_data");
    Optional<byte[]> teeTcbSvn2 = td15 ? Optional.of(in.bytes(16, "tee_tcb_svn2")) : Optional.empty();
    Optional<byte[]> mrServiceTd = td15 ? Optional.of(in.bytes(48, "mrservicetd")) : Optional.empty();
    return new TdxReportBody(
        teeTcbSvn, mrSeam, mrSignerSeam, seamAttributes, tdAttributes, xfam, mrTd, mrConfigId, mrOwner,
        mrOwnerConfig, List.copyOf(rtmrs), reportData, teeTcbSvn2, mrServiceTd);
  }

  /** TD_ATTRIBUTES.DEBUG (bit 0): the host can read and change the TD's state. */
  public boolean debug() {
    return (tdAttributes[0] & DEBUG_FLAG) != 0;
  }
}
