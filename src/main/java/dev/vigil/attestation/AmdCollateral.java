package dev.vigil.attestation;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AMD KDS collateral for one product and one kind of signing key: {@code cert_chain} (the ASK for
 * VCEKs or the ASVK for VLEKs, then the ARK) and the ARK-signed CRL of revoked intermediates and
 * keys, as served at {@code /vcek/v1/{product}/…} and {@code /vlek/v1/{product}/…}. A chip's own
 * VCEK comes from {@link #vcekRoute}.
 */
public record AmdCollateral(String product, String signingKey, List<X509Certificate> chain, Optional<X509CRL> crl) {
  /** The products KDS serves and the two kinds of report-signing key. */
  public static final List<String> PRODUCTS = List.of("Milan", "Genoa", "Turin");
  public static final List<String> SIGNING_KEYS = List.of("vcek", "vlek");

  public AmdCollateral {
    chain = List.copyOf(chain);
  }

  /**
   * The KDS route of the VCEK that signed {@code report} on a {@code product} chip:
   * {@code /vcek/v1/{product}/{hwid}?…SPL=…} with the SPLs of the report's REPORTED_TCB (Turin: an
   * 8-byte hwid and an FMC SPL).
   *
   * @throws IllegalArgumentException when the report masks its chip ID, so no VCEK can be looked up
   */
  public static String vcekRoute(SnpReport report, String product) {
    if (Arrays.equals(report.chipId(), new byte[64])) {
      throw new IllegalArgumentException("chip_id: the report masks its chip ID (all zero), so its VCEK cannot be looked up; "
          + "take the VCEK from the host's auxblob, or the report is VLEK-signed");
    }
    boolean turin = product.equals("Turin");
    Map<String, Integer> spls = VcekExtensions.tcbVersion(report.reportedTcb(), turin);
    String query = (turin ? "fmcSPL=" + spls.get("fmc") + "&" : "") + "blSPL=" + spls.get("boot_loader")
        + "&teeSPL=" + spls.get("tee") + "&snpSPL=" + spls.get("snp") + "&ucodeSPL=" + spls.get("microcode");
    byte[] hwid = turin ? Arrays.copyOf(report.chipId(), 8) : report.chipId();
    return "/vcek/v1/" + product + "/" + HexFormat.of().formatHex(hwid) + "?" + query;
  }

  /** The bundle file of the VCEK for {@code report}: chip ID prefix and REPORTED_TCB, so refetches of one chip and TCB replace it. */
  public static String vcekFileName(SnpReport report) {
    return "amd-vcek-" + HexFormat.of().formatHex(Arrays.copyOf(report.chipId(), 8)) + "-"
        + String.format("%016x", report.reportedTcb()) + ".pem";
  }

  /** Whether {@code vcek} is the one KDS issues for this report's chip at its reported TCB. */
  static boolean isVcekFor(X509Certificate vcek, SnpReport report) {
    VcekExtensions extensions;
    try {
      extensions = VcekExtensions.of(vcek);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (extensions.hwId().isEmpty()) {
      return false;
    }
    byte[] hwId = extensions.hwId().get();
    boolean turin = extensions.productName().map(name -> name.startsWith("Turin")).orElse(false);
    return hwId.length <= report.chipId().length && Arrays.equals(hwId, Arrays.copyOf(report.chipId(), hwId.length))
        && VcekExtensions.tcbVersion(report.reportedTcb(), turin).entrySet().containsAll(extensions.spls().entrySet());
  }

  /** The intermediates (ASK or ASVK) of this chain; the ARK is left to the trust anchors. */
  List<X509Certificate> intermediates() {
    return chain.stream().filter(certificate -> !Certificates.selfSigned(certificate)).toList();
  }
}
