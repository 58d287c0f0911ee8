package dev.vigil.attestation;

import dev.vigil.spec.Hex;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a TDX quote's boot chain must be, beyond the quote itself (GCP C3 confidential VMs, where
 * MRTD and the RTMRs measure Google's firmware and the boot chain): the CCEL event log must replay to
 * the quote's RTMR0–2; RTMRs must equal the operator's expectations; and the MRTD must be one that
 * Google's launch endorsement, chained to the GCE-cc-tcb-root given, names for its firmware.
 */
public record TdxBootPolicy(
    Optional<byte[]> eventLog, Optional<byte[]> launchEndorsement, Optional<X509Certificate> gceTcbRoot,
    List<Optional<byte[]>> expectedRtmrs) {
  private static final String GCE_ROOT_URL = "https://pki.goog/cloud_integrity/GCE-cc-tcb-root_1.crt";

  public TdxBootPolicy {
    if (expectedRtmrs.size() != 4) {
      throw new IllegalArgumentException("expected RTMRs: four entries (RTMR0–3), got " + expectedRtmrs.size());
    }
    expectedRtmrs = List.copyOf(expectedRtmrs);
  }

  /** Nothing demanded. */
  public static TdxBootPolicy none() {
    return new TdxBootPolicy(Optional.empty(), Optional.empty(), Optional.empty(), List.of(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
  }

  public boolean demandsAnything() {
    return eventLog.isPresent() || launchEndorsement.isPresent() || expectedRtmrs.stream().anyMatch(Optional::isPresent);
  }

  /** {@code verdict} with these checks added for the quote of {@code item}. */
  public Verdict apply(Verdict verdict, EvidenceFile.Item item, Instant now) {
    if (!demandsAnything()) {
      return verdict;
    }
    List<Check> checks = new ArrayList<>(verdict.checks());
    Map<String, String> claims = new LinkedHashMap<>(verdict.claims());
    Optional<byte[]> raw = item instanceof EvidenceFile.Json json ? json.evidence().quote() : Optional.of(((EvidenceFile.Raw) item).quote());
    Optional<TdxReportBody> body = raw.flatMap(TdxBootPolicy::tdxBody);
    if (body.isEmpty()) {
      checks.add(Check.fail("tdx_boot", "--event-log, --launch-endorsement and --expected-rtmrN apply to TDX quotes only"));
    } else {
      check(body.get(), now, checks, claims);
    }
    return new Verdict(verdict.type(), checks, claims);
  }

  private static Optional<TdxReportBody> tdxBody(byte[] quote) {
    try {
      return DcapQuote.parse(quote).tdxBody();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void check(TdxReportBody body, Instant now, List<Check> checks, Map<String, String> claims) {
    eventLog.ifPresent(log -> checks.add(replay(log, body, claims)));
    for (int i = 0; i < 4; i++) {
      int index = i;
      expectedRtmrs.get(i).ifPresent(expected -> checks.add(Check.of("rtmr" + index, Arrays.equals(expected, body.rtmrs().get(index)),
          "RTMR" + index + " is as expected", "RTMR" + index + " is " + Hex.encodeBare(body.rtmrs().get(index)) + ", expected " + Hex.encodeBare(expected))));
    }
    launchEndorsement.ifPresent(bytes -> endorsement(bytes, body.mrTd(), now, checks, claims));
  }

  private static Check replay(byte[] log, TdxReportBody body, Map<String, String> claims) {
    CcelEventLog parsed;
    try {
      parsed = CcelEventLog.parse(log);
    } catch (IllegalArgumentException e) {
      return Check.fail("event_log", e.getMessage());
    }
    claims.put("event_log_events", Integer.toString(parsed.events().size()));
    List<byte[]> replayed = parsed.replay();
    List<String> differ = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      if (!Arrays.equals(replayed.get(i), body.rtmrs().get(i))) {
        differ.add("RTMR" + i + " replays to " + Hex.encodeBare(replayed.get(i)) + ", the quote has " + Hex.encodeBare(body.rtmrs().get(i)));
      }
    }
    return differ.isEmpty()
        ? Check.pass("event_log", parsed.events().size() + " events of the CCEL log replay to the quote's RTMR0–2 (read the log for what they are)")
        : Check.fail("event_log", "the event log is not the one the quote's RTMRs were extended with: " + String.join("; ", differ));
  }

  private void endorsement(byte[] bytes, byte[] mrtd, Instant now, List<Check> checks, Map<String, String> claims) {
    LaunchEndorsement endorsement;
    try {
      endorsement = LaunchEndorsement.parse(bytes);
    } catch (IllegalArgumentException e) {
      checks.add(Check.fail("launch_endorsement", e.getMessage()));
      return;
    }
    claims.put("endorsement_time", endorsement.timestamp().map(Instant::toString).orElse("absent"));
    claims.put("endorsed_uefi_sha384", Hex.encodeBare(endorsement.uefiSha384()));
    claims.put("endorsed_tdx_svn", Long.toString(endorsement.tdxSvn()));
    if (gceTcbRoot.isEmpty()) {
      checks.add(Check.fail("launch_endorsement", "no --gce-tcb-root given to check the endorsement's signing key with (Google publishes it at " + GCE_ROOT_URL + ")"));
    } else {
      Optional<String> problem = Certificates.verifyChain(List.of(endorsement.signingCertificate()), gceTcbRoot.get(), now);
      boolean signed = problem.isEmpty() && rsaPssSha256(endorsement);
      checks.add(Check.of("launch_endorsement", signed,
          "the endorsement is signed (RSASSA-PSS SHA-256) by " + Certificates.describe(endorsement.signingCertificate()) + ", issued by the given root " + Certificates.describe(gceTcbRoot.get()),
          problem.map(p -> "the endorsement's signing certificate does not chain to the given root: " + p)
              .orElse("the endorsement's signature does not verify with its signing certificate")));
    }
    Optional<LaunchEndorsement.TdxMeasurement> match = endorsement.tdxMeasurements().stream().filter(m -> Arrays.equals(m.mrtd(), mrtd)).findFirst();
    match.ifPresent(m -> claims.put("endorsed_ram_gib", Long.toString(m.ramGib())));
    checks.add(match
        .map(m -> Check.pass("mrtd_endorsed", "MRTD is one the endorsement names for UEFI " + Hex.encodeBare(endorsement.uefiSha384()).substring(0, 16) + "… (" + m.ramGib() + " GiB" + (m.earlyAccept() ? ", early accept" : "") + ")"))
        .orElseGet(() -> Check.fail("mrtd_endorsed", "MRTD " + Hex.encodeBare(mrtd) + " is not among the endorsement's " + endorsement.tdxMeasurements().size() + " TDX measurements")));
  }

  private static boolean rsaPssSha256(LaunchEndorsement endorsement) {
    try {
      Signature verifier = Signature.getInstance("RSASSA-PSS");
      verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      verifier.initVerify(endorsement.signingCertificate().getPublicKey());
      verifier.update(endorsement.signedBytes());
      return verifier.verify(endorsement.signature());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
