package dev.vigil.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.spec.Hex;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a verified DCAP quote against Intel collateral: the collateral's own signatures, chains,
 * CRLs and validity window, then the platform's TCB level (from the PCK certificate's SGX extension
 * and, for TDX, the quote's TEE_TCB_SVN) and the quoting enclave's identity, as Intel's QVL does.
 */
final class TcbEvaluator {
  /** Statuses under which the platform is still trustworthy, possibly with advisories to read. */
  private static final Set<String> ACCEPTABLE =
      Set.of("UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded");

  private TcbEvaluator() {}

  static List<Check> evaluate(
      Collateral collateral, DcapQuote quote, List<X509Certificate> pckChain, X509Certificate root,
      Instant now, Map<String, String> claims) {
    List<Check> checks = new ArrayList<>();
    Optional<String> collateralProblem = collateralProblem(collateral, quote, pckChain, root, now);
    checks.add(
        collateralProblem
            .map(reason -> Check.fail("collateral", reason))
            .orElseGet(() -> Check.pass("collateral", "TCB info, QE identity and CRLs are signed by the trusted root and current")));
    if (collateralProblem.isPresent()) {
      checks.add(Check.unknown("tcb_status", "collateral not usable"));
      checks.add(Check.unknown("qe_identity", "collateral not usable"));
      return checks;
    }
    checks.add(tcbStatus(collateral.tcbInfoJson(), quote, PckExtension.of(pckChain.get(0)), claims));
    checks.add(qeIdentity(collateral.qeIdentityJson(), quote.qeReport(), claims));
    return checks;
  }

  private static Optional<String> collateralProblem(
      Collateral collateral, DcapQuote quote, List<X509Certificate> pckChain, X509Certificate root, Instant now) {
    Optional<String> problem =
        Certificates.verifyChain(collateral.tcbInfoIssuerChain(), root, now).map(r -> "TCB info signing chain: " + r)
            .or(() -> Certificates.verifyChain(collateral.qeIdentityIssuerChain(), root, now).map(r -> "QE identity signing chain: " + r));
    if (problem.isPresent()) {
      return problem;
    }
    if (!Ecdsa.verify(collateral.tcbInfoIssuerChain().get(0).getPublicKey(), "SHA256",
        collateral.tcbInfo().getBytes(StandardCharsets.UTF_8), collateral.tcbInfoSignature())) {
      return Optional.of("TCB info signature does not verify");
    }
    if (!Ecdsa.verify(collateral.qeIdentityIssuerChain().get(0).getPublicKey(), "SHA256",
        collateral.qeIdentity().getBytes(StandardCharsets.UTF_8), collateral.qeIdentitySignature())) {
      return Optional.of("QE identity signature does not verify");
    }
    JsonNode tcbInfo = collateral.tcbInfoJson();
    JsonNode qeIdentity = collateral.qeIdentityJson();
    problem = window("TCB info", tcbInfo, now).or(() -> window("QE identity", qeIdentity, now));
    if (problem.isPresent()) {
      return problem;
    }
    boolean tdx = quote.evidenceType() == EvidenceType.TDX;
    String expectedId = tdx ? "TDX" : "SGX";
    if (!tcbInfo.path("id").asText("SGX").equals(expectedId)) {
      return Optional.of("TCB info is for " + tcbInfo.path("id").asText() + ", the quote is " + expectedId);
    }
    String expectedQe = tdx ? "TD_QE" : "QE";
    if (!qeIdentity.path("id").asText("QE").equals(expectedQe)) {
      return Optional.of("QE identity is for " + qeIdentity.path("id").asText() + ", the quote needs " + expectedQe);
    }
    X509Certificate pck = pckChain.get(0);
    X509Certificate pckIssuer = pckChain.get(1);
    problem = crlProblem("root CA CRL", collateral.rootCaCrl(), root, now, pckIssuer)
        .or(() -> crlProblem("PCK CRL", collateral.pckCrl(), pckIssuer, now, pck));
    if (problem.isPresent()) {
      return problem;
    }
    byte[] fmspc = PckExtension.of(pck).fmspc();
    byte[] tcbFmspc = HexFormat.of().parseHex(tcbInfo.path("fmspc").asText());
    if (!Arrays.equals(fmspc, tcbFmspc)) {
      return Optional.of("TCB info is for FMSPC " + HexFormat.of().formatHex(tcbFmspc)
          + ", the PCK certificate has " + HexFormat.of().formatHex(fmspc));
    }
    return Optional.empty();
  }

  private static Optional<String> window(String what, JsonNode json, Instant now) {
    Instant issued = Instant.parse(json.path("issueDate").asText());
    Instant next = Instant.parse(json.path("nextUpdate").asText());
    if (now.isBefore(issued) || now.isAfter(next)) {
      return Optional.of(what + " is valid " + issued + " to " + next + ", not at " + now);
    }
    return Optional.empty();
  }

  private static Optional<String> crlProblem(
      String what, X509CRL crl, X509Certificate issuer, Instant now, X509Certificate subject) {
    try {
      crl.verify(issuer.getPublicKey());
    } catch (GeneralSecurityException e) {
      return Optional.of(what + " is not signed by " + Certificates.describe(issuer));
    }
    Date at = Date.from(now);
    if (crl.getThisUpdate().after(at) || (crl.getNextUpdate() != null && crl.getNextUpdate().before(at))) {
      return Optional.of(what + " is not current at " + now);
    }
    if (crl.isRevoked(subject)) {
      return Optional.of(Certificates.describe(subject) + " is revoked by the " + what);
    }
    return Optional.empty();
  }

  private static Check tcbStatus(JsonNode tcbInfo, DcapQuote quote, PckExtension pck, Map<String, String> claims) {
    Optional<byte[]> teeTcbSvn = quote.tdxBody().map(TdxReportBody::teeTcbSvn);
    // TDX module 1.5 and later (TEE_TCB_SVN[1] > 0) are judged by tdxModuleIdentities; their first
    // two TEE_TCB_SVN bytes are then not compared against the TCB level.
    boolean moduleIdentity = teeTcbSvn.isPresent() && teeTcbSvn.get()[1] != 0;
    for (JsonNode level : tcbInfo.path("tcbLevels")) {
      JsonNode tcb = level.path("tcb");
      if (!atLeast(pck.cpuSvnComponents(), tcb.path("sgxtcbcomponents"), 0)
          || pck.pceSvn() < tcb.path("pcesvn").asInt()) {
        continue;
      }
      if (teeTcbSvn.isPresent()
          && !atLeast(unsigned(teeTcbSvn.get()), tcb.path("tdxtcbcomponents"), moduleIdentity ? 2 : 0)) {
        continue;
      }
      String status = level.path("tcbStatus").asText();
      if (moduleIdentity) {
        status = worse(status, moduleStatus(tcbInfo, teeTcbSvn.get()));
      }
      List<String> advisories = new ArrayList<>();
      level.path("advisoryIDs").forEach(id -> advisories.add(id.asText()));
      claims.put("tcb_status", status);
      claims.put("advisories", String.join(",", advisories));
      String reason = status + (advisories.isEmpty() ? "" : " (advisories " + String.join(", ", advisories) + ")")
          + " at TCB level of " + level.path("tcbDate").asText();
      return Check.of("tcb_status", ACCEPTABLE.contains(status), reason, reason);
    }
    claims.put("tcb_status", "Unsupported");
    return Check.fail("tcb_status", "no TCB level in the collateral matches this platform (TCB below every level)");
  }

  private static String moduleStatus(JsonNode tcbInfo, byte[] teeTcbSvn) {
    String id = String.format(Locale.ROOT, "TDX_%02X", teeTcbSvn[1] & 0xff);
    for (JsonNode identity : tcbInfo.path("tdxModuleIdentities")) {
      if (identity.path("id").asText().equals(id)) {
        for (JsonNode level : identity.path("tcbLevels")) {
          if ((teeTcbSvn[0] & 0xff) >= level.path("tcb").path("isvsvn").asInt()) {
            return level.path("tcbStatus").asText();
          }
        }
        return "OutOfDate";
      }
    }
    return "Unsupported (no TDX module identity " + id + ")";
  }

  /** The status of the two that allows less; an unacceptable status always wins. */
  private static String worse(String a, String b) {
    if (!ACCEPTABLE.contains(b)) {
      return b;
    }
    return a.equals("UpToDate") ? b : a;
  }

  private static Check qeIdentity(JsonNode identity, SgxReportBody qe, Map<String, String> claims) {
    HexFormat hex = HexFormat.of();
    if (!Arrays.equals(qe.mrSigner(), hex.parseHex(identity.path("mrsigner").asText()))) {
      return Check.fail("qe_identity", "quoting enclave MRSIGNER " + Hex.encodeBare(qe.mrSigner()) + " is not Intel's");
    }
    if (qe.isvProdId() != identity.path("isvprodid").asInt()) {
      return Check.fail("qe_identity", "quoting enclave ISVPRODID " + qe.isvProdId() + " is not " + identity.path("isvprodid").asInt());
    }
    int miscMask = (int) Long.parseLong(identity.path("miscselectMask").asText(), 16);
    int misc = (int) Long.parseLong(identity.path("miscselect").asText(), 16);
    if ((qe.miscSelect() & miscMask) != misc) {
      return Check.fail("qe_identity", "quoting enclave MISCSELECT does not match the QE identity");
    }
    byte[] attributes = hex.parseHex(identity.path("attributes").asText());
    byte[] mask = hex.parseHex(identity.path("attributesMask").asText());
    for (int i = 0; i < attributes.length; i++) {
      if ((qe.attributes()[i] & mask[i]) != attributes[i]) {
        return Check.fail("qe_identity", "quoting enclave ATTRIBUTES do not match the QE identity");
      }
    }
    for (JsonNode level : identity.path("tcbLevels")) {
      if (qe.isvSvn() >= level.path("tcb").path("isvsvn").asInt()) {
        String status = level.path("tcbStatus").asText();
        claims.put("qe_tcb_status", status);
        String reason = "Intel quoting enclave, ISVSVN " + qe.isvSvn() + ": " + status;
        return Check.of("qe_identity", ACCEPTABLE.contains(status), reason, reason);
      }
    }
    return Check.fail("qe_identity", "quoting enclave ISVSVN " + qe.isvSvn() + " is below every QE identity level");
  }

  private static boolean atLeast(int[] actual, JsonNode levelComponents, int from) {
    for (int i = from; i < levelComponents.size() && i < actual.length; i++) {
      if (actual[i] < levelComponents.get(i).path("svn").asInt()) {
        return false;
      }
    }
    return true;
  }

  private static int[] unsigned(byte[] bytes) {
    int[] out = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[i] & 0xff;
    }
    return out;
  }
}
