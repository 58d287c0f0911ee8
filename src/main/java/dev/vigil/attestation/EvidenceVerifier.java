package dev.vigil.attestation;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies evidence offline, in pure Java: the TEE's own signatures and chain to a pinned root, then
 * the measurements, the debug bit and the report data against the public key(s) and nonce. Every
 * step becomes a {@link Check}; nothing throws for bad evidence.
 */
public final class EvidenceVerifier {

  /** Verifies one item of an evidence file. */
  public Verdict verify(EvidenceFile.Item item, VerificationPolicy policy) {
    return item instanceof EvidenceFile.Json json
        ? verify(json.evidence(), policy)
        : verify(((EvidenceFile.Raw) item).quote(), policy);
  }

  /** Verifies evidence as returned by keygen or the attestation route. */
  public Verdict verify(Evidence evidence, VerificationPolicy policy) {
    List<Check> checks = new ArrayList<>();
    Map<String, String> claims = new LinkedHashMap<>();
    // What the hardware signed, to compare with the evidence's report_data (none for insecure-none).
    Optional<byte[]> quoteReportData = Optional.empty();
    if (evidence.type() == EvidenceType.INSECURE_NONE) {
      checks.add(policy.allowInsecure()
          ? Check.pass("hardware", "insecure-none evidence accepted because --allow-insecure: NOT hardware-backed, anyone could have written it")
          : Check.fail("hardware", "insecure-none evidence is not hardware-backed; refused without --allow-insecure"));
      for (String name : List.of("mrenclave", "mrsigner", "mrtd", "measurement")) {
        if (expected(policy, name)) {
          checks.add(Check.fail(name, "insecure-none evidence has no " + name));
        }
      }
      refuseNitroExpectations(policy, checks);
    } else {
      quoteReportData = hardware(evidence.type(), evidence.quote().orElseThrow(), evidence.certificates(), policy, checks, claims);
    }
    claims.put("report_data", Hex.encodeBare(evidence.reportData()));
    quoteReportData.ifPresent(fromQuote -> {
      if (!Arrays.equals(fromQuote, evidence.reportData())) {
        checks.add(Check.fail("report_data", "the quote's report data is not the evidence's report_data"));
      }
    });
    byte[] nonce = evidence.nonce().toArray();
    if (evidence.pubkey().isPresent()) {
      boolean bound = Arrays.equals(evidence.reportData(), ReportData.forKey(evidence.pubkey().get(), nonce));
      addIfAbsent(checks, Check.of("report_data", bound,
          "report data = SHA-256(\"vigil/keygen/v1\" ‖ pubkey ‖ nonce) ‖ nonce",
          "report data does not bind the evidence's pubkey and nonce"));
      claims.put("pubkey", evidence.pubkey().get().toHexString());
    } else if (!evidence.pubkeys().isEmpty()) {
      boolean bound = Arrays.equals(evidence.reportData(), ReportData.forSigner(evidence.pubkeys(), nonce));
      addIfAbsent(checks, Check.of("report_data", bound,
          "report data = SHA-256(\"vigil/signer/v1\" ‖ sorted pubkeys ‖ nonce) ‖ nonce",
          "report data does not bind the evidence's pubkeys and nonce"));
      claims.put("pubkeys", Integer.toString(evidence.pubkeys().size()));
    } else if (policy.expectedReportData().isEmpty()) {
      addIfAbsent(checks, Check.fail("report_data", "the evidence names no pubkey its report data binds"));
    }
    policy.expectedReportData().ifPresent(expected -> checks.add(expectedReportData(expected, evidence.reportData())));
    if (!policy.pubkeys().isEmpty()) {
      checks.add(evidence.pubkey()
          .map(key -> Check.of("pubkey", policy.pubkeys().contains(key), "evidence is for " + key,
              "evidence is for " + key + ", not for " + describe(policy.pubkeys())))
          .orElseGet(() -> {
            List<BLSPubkey> missing = policy.pubkeys().stream().filter(key -> !evidence.pubkeys().contains(key)).toList();
            return Check.of("pubkey", missing.isEmpty(), "the signer holds every given key",
                "the signer's key set lacks " + describe(missing));
          }));
    }
    policy.nonce().ifPresent(expected -> checks.add(Check.of("nonce", expected.equals(evidence.nonce()),
        "nonce is as expected", "nonce is " + evidence.nonce() + ", expected " + expected)));
    claims.put("nonce", evidence.nonce().toHexString());
    return new Verdict(evidence.type().wireName(), checks, claims);
  }

  /**
   * Verifies a raw quote or report (detected from its first bytes). With {@code policy.pubkeys()} the
   * report data must be {@link ReportData#forKey}(one of them, nonce); with a nonce, its second half
   * must be the nonce.
   */
  public Verdict verify(byte[] raw, VerificationPolicy policy) {
    List<Check> checks = new ArrayList<>();
    Map<String, String> claims = new LinkedHashMap<>();
    EvidenceType type = detect(raw);
    Optional<byte[]> reportData = hardware(type, raw, List.of(), policy, checks, claims);
    if (reportData.isPresent()) {
      byte[] data = reportData.get();
      byte[] nonce = policy.nonce().map(n -> n.toArray()).orElse(new byte[32]);
      if (!policy.pubkeys().isEmpty()) {
        Optional<BLSPubkey> bound = policy.pubkeys().stream()
            .filter(key -> Arrays.equals(data, ReportData.forKey(key, nonce))).findFirst();
        checks.add(bound
            .map(key -> Check.pass("pubkey", "report data binds " + key + " and the nonce"))
            .orElseGet(() -> Check.fail("pubkey", "report data does not bind " + describe(policy.pubkeys()) + " with "
                + (policy.nonce().isPresent() ? "the given nonce" : "a zero nonce"))));
      }
      policy.nonce().ifPresent(expected -> {
        byte[] carried = Arrays.copyOfRange(data, 32, 64);
        checks.add(Check.of("nonce", Arrays.equals(carried, expected.toArray()), "nonce is as expected",
            "nonce in report data is " + Hex.encode(carried) + ", expected " + expected));
      });
      policy.expectedReportData().ifPresent(expected -> checks.add(expectedReportData(expected, data)));
      if (policy.pubkeys().isEmpty() && policy.nonce().isEmpty() && policy.expectedReportData().isEmpty()) {
        checks.add(Check.unknown("report_data", "no --pubkey or --nonce given; see the claims"));
      }
    }
    return new Verdict(type.wireName(), checks, claims);
  }

  private static EvidenceType detect(byte[] raw) {
    if (NitroDocument.looksLikeCose(raw)) {
      return EvidenceType.NITRO;
    }
    if (HclReport.looksLikeOne(raw)) {
      return EvidenceType.AZURE_VTPM;
    }
    if (raw.length >= 8 && raw[2] == DcapQuote.ECDSA_P256 && raw[3] == 0) {
      return (raw[4] & 0xff) == DcapQuote.TEE_TDX ? EvidenceType.TDX : EvidenceType.SGX_DCAP;
    }
    return EvidenceType.SEV_SNP;
  }

  /** Runs the TEE's checks; returns the report data the hardware signed, if the evidence parsed. */
  private static Optional<byte[]> hardware(
      EvidenceType type, byte[] raw, List<byte[]> evidenceCertificates, VerificationPolicy policy,
      List<Check> checks, Map<String, String> claims) {
    try {
      if (type == EvidenceType.NITRO) {
        NitroDocument document = NitroDocument.parse(raw);
        checks.add(Check.pass("format", "AWS Nitro Enclaves attestation document (COSE_Sign1)"));
        return NitroVerifier.verify(document, policy, checks, claims);
      }
      refuseNitroExpectations(policy, checks);
      List<X509Certificate> certificates = new ArrayList<>(policy.extraCertificates());
      evidenceCertificates.forEach(der -> certificates.add(Certificates.parseDer(der)));
      if (type == EvidenceType.AZURE_VTPM) {
        return HclVerifier.verify(raw, certificates, policy, checks, claims);
      }
      if (type == EvidenceType.SEV_SNP) {
        SnpReport report = SnpReport.parse(raw);
        policy.collateral().ifPresent(bundle -> certificates.addAll(bundle.amdCertificatesFor(report, certificates)));
        checks.add(Check.pass("format", "SEV-SNP attestation report version " + report.version()));
        SnpVerifier.verify(report, certificates, policy, checks, claims);
        policy.collateral().ifPresent(bundle -> checks.add(
            bundle.amdRevocation(Certificates.leafFirst(certificates), policy.anchors().amdArks(), policy.now())));
        return Optional.of(report.reportData());
      }
      DcapQuote quote = DcapQuote.parse(raw);
      if (quote.evidenceType() != type) {
        checks.add(Check.fail("format", "evidence type is " + type + " but the quote is " + quote.evidenceType()));
        return Optional.empty();
      }
      checks.add(Check.pass("format", (type == EvidenceType.TDX ? "TDX" : "SGX") + " DCAP quote version "
          + quote.version() + (quote.trailingBytes() > 0 ? " (" + quote.trailingBytes() + " trailing bytes ignored)" : "")));
      DcapVerifier.verify(quote, policy, checks, claims);
      return Optional.of(quote.reportData());
    } catch (IllegalArgumentException e) {
      checks.add(Check.fail("format", "not a valid " + type + " quote or report: " + e.getMessage()));
      return Optional.empty();
    }
  }

  private static void refuseNitroExpectations(VerificationPolicy policy, List<Check> checks) {
    policy.expectedPcrs().keySet().forEach(index -> checks.add(
        Check.fail("pcr" + index, "--expected-pcr" + index + " applies only to a Nitro attestation document")));
  }

  private static boolean expected(VerificationPolicy policy, String name) {
    return switch (name) {
      case "mrenclave" -> policy.expectedMrEnclave().isPresent();
      case "mrsigner" -> policy.expectedMrSigner().isPresent();
      case "mrtd" -> policy.expectedMrTd().isPresent();
      default -> policy.expectedMeasurement().isPresent();
    };
  }

  private static Check expectedReportData(byte[] expected, byte[] actual) {
    return Check.of("expected_report_data", Arrays.equals(expected, actual), "report data is exactly as expected",
        "report data is " + Hex.encodeBare(actual) + ", expected " + Hex.encodeBare(expected));
  }

  private static String describe(List<BLSPubkey> keys) {
    return keys.size() == 1 ? keys.get(0).toString() : keys.size() + " given keys " + keys;
  }

  private static void addIfAbsent(List<Check> checks, Check check) {
    if (checks.stream().noneMatch(existing -> existing.name().equals(check.name()))) {
      checks.add(check);
    }
  }
}
