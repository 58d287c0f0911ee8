package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.attestation.Collateral;
import dev.vigil.attestation.CollateralBundle;
import dev.vigil.attestation.EvidenceFile;
import dev.vigil.attestation.EvidenceVerifier;
import dev.vigil.attestation.ReportData;
import dev.vigil.attestation.TdxBootPolicy;
import dev.vigil.attestation.TrustAnchors;
import dev.vigil.attestation.VerificationPolicy;
import dev.vigil.attestation.Verdict;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import dev.vigil.spec.json.BoundedJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil attestation}: offline work with TEE evidence. */
@Command(
    name = "attestation",
    mixinStandardHelpOptions = true,
    description = "Work with TEE attestation evidence (SGX DCAP, TDX, SEV-SNP, AWS Nitro) offline.",
    subcommands = {AttestationCommand.Verify.class, CollateralCommand.class})
public final class AttestationCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code vigil attestation verify}: checks evidence against pinned roots and the operator's expectations. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verify attestation evidence offline.",
        "",
        "Checks the TEE's signatures and certificate chain to the pinned Intel SGX Root CA, AMD ARK or AWS Nitro Enclaves root, then the measurements, the debug bit and the report data against --pubkey and --nonce.",
        "Exit code 0 only when every check holds. Checks that cannot be decided (no collateral, no expected value) are reported as unknown and do not fail."
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--evidence", required = true, paramLabel = "FILE",
        description = "Evidence JSON (as returned by keygen or /eth/v1/attestation), a JSON array of them (each is verified), or a raw quote/report/Nitro document, binary, hex or base64 (an Azure HCL report is followed, for TDX, by its TD quote).")
    Path evidence;

    @Option(names = "--expected-mrenclave", paramLabel = "HEX", description = "SGX: the MRENCLAVE the enclave must have (32 bytes).")
    String expectedMrEnclave;

    @Option(names = "--expected-mrsigner", paramLabel = "HEX", description = "SGX: the MRSIGNER the enclave must have (32 bytes).")
    String expectedMrSigner;

    @Option(names = "--expected-mrtd", paramLabel = "HEX", description = "TDX: the MRTD the TD must have (48 bytes).")
    String expectedMrTd;

    @Option(names = "--expected-measurement", paramLabel = "HEX", description = "SEV-SNP: the launch MEASUREMENT the guest must have (48 bytes).")
    String expectedMeasurement;

    @Option(names = "--expected-pcr0", paramLabel = "HEX", description = "Nitro: PCR0 (48 bytes), the enclave image file (EIF) as nitro-cli build-enclave prints it.")
    String expectedPcr0;

    @Option(names = "--expected-pcr1", paramLabel = "HEX", description = "Nitro: PCR1 (48 bytes), the enclave's Linux kernel and bootstrap.")
    String expectedPcr1;

    @Option(names = "--expected-pcr2", paramLabel = "HEX", description = "Nitro: PCR2 (48 bytes), the application (the enclave's user-space file system).")
    String expectedPcr2;

    @Option(names = "--expected-pcr8", paramLabel = "HEX", description = "Nitro: PCR8 (48 bytes), the certificate the EIF was signed with (signed EIFs only).")
    String expectedPcr8;

    @Option(names = "--nitro-root", paramLabel = "FILE", description = "Use this root (PEM or DER) instead of the pinned AWS Nitro Enclaves root. For test roots only; the verdict says so.")
    Path nitroRoot;

    @Option(names = "--expected-rtmr0", paramLabel = "HEX", description = "TDX: the RTMR0 the TD must have (48 bytes; on GCP: firmware configuration).")
    String expectedRtmr0;

    @Option(names = "--expected-rtmr1", paramLabel = "HEX", description = "TDX: the RTMR1 the TD must have (48 bytes; on GCP: boot loader).")
    String expectedRtmr1;

    @Option(names = "--expected-rtmr2", paramLabel = "HEX", description = "TDX: the RTMR2 the TD must have (48 bytes; on GCP: kernel, command line, initrd).")
    String expectedRtmr2;

    @Option(names = "--expected-rtmr3", paramLabel = "HEX", description = "TDX: the RTMR3 the TD must have (48 bytes; extended at run time).")
    String expectedRtmr3;

    @Option(names = "--event-log", paramLabel = "FILE", description = "TDX: the CCEL boot event log (/sys/firmware/acpi/tables/data/CCEL in the VM); it must replay to the quote's RTMR0-2.")
    Path eventLog;

    @Option(names = "--launch-endorsement", paramLabel = "FILE", description = "GCP TDX: Google's launch endorsement of the firmware (gs://gce_tcb_integrity/ovmf_x64_csm/tdx/<MRTD>.binarypb); the quote's MRTD must be one it names. Needs --gce-tcb-root.")
    Path launchEndorsement;

    @Option(names = "--gce-tcb-root", paramLabel = "FILE", description = "GCP: Google's GCE-cc-tcb-root certificate (https://pki.goog/cloud_integrity/GCE-cc-tcb-root_1.crt; check its fingerprint out of band) that the launch endorsement must chain to.")
    Path gceTcbRoot;

    @Option(names = "--pubkey", paramLabel = "0x…", description = "A BLS public key the evidence must bind. Repeatable: key evidence must be for one of them, signer evidence must hold all of them.")
    List<String> pubkeys = new ArrayList<>();

    @Option(names = "--nonce", paramLabel = "0x…", description = "The nonce (at most 32 bytes) the evidence must carry.")
    String nonce;

    @Option(names = "--allow-debug", description = "Accept debug enclaves, TDs and guests (their memory is readable by the host).")
    boolean allowDebug;

    @Option(names = "--allow-insecure", description = "Accept insecure-none evidence (no hardware behind it).")
    boolean allowInsecure;

    @Option(names = "--collateral", paramLabel = "FILE|DIR", description = "Intel collateral JSON (dcap-qvl form) to evaluate the TCB status, or a bundle directory written by `vigil attestation collateral fetch` (Intel TCB info, QE identity and CRLs per platform; AMD KDS chains and CRLs). Without it the TCB status is unknown.")
    Path collateral;

    @Option(names = "--intel-root-ca", paramLabel = "FILE", description = "Use this root (PEM or DER) instead of the pinned Intel SGX Root CA. For test roots only; the verdict says so.")
    Path intelRootCa;

    @Option(names = "--amd-ark", paramLabel = "FILE", description = "Use this root (PEM or DER) instead of the pinned AMD ARKs (Milan, Genoa, Turin). For test roots only; the verdict says so.")
    Path amdArk;

    @Option(names = "--cert-chain", paramLabel = "FILE", description = "Certificates (PEM or DER) that complete the evidence: the PCK chain for a quote that lacks one, or the VCEK and ASK (VLEK and ASVK on AWS) of an SEV-SNP report, also inside an Azure HCL report. Repeatable.")
    List<Path> certChain = new ArrayList<>();

    @Option(names = "--at", paramLabel = "INSTANT", description = "Verify as of this time (ISO-8601, e.g. 2025-07-01T00:00:00Z) instead of now, for archived evidence and collateral.")
    String at;

    @Option(names = "--json", description = "Print the verdicts as one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
      VerificationPolicy policy = policy();
      EvidenceVerifier verifier = new EvidenceVerifier();
      List<Verdict> verdicts = new ArrayList<>();
      TdxBootPolicy boot = tdxBoot();
      for (EvidenceFile.Item item : EvidenceFile.parse(read(evidence, "--evidence"))) {
        verdicts.add(boot.apply(verifier.verify(item, policy), item, policy.now()));
      }
      boolean ok = verdicts.stream().allMatch(Verdict::ok);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectMapper mapper = BoundedJson.mapper();
        ObjectNode node = mapper.createObjectNode();
        node.put("ok", ok);
        ArrayNode list = node.putArray("verdicts");
        verdicts.forEach(verdict -> list.add(verdict.toJsonNode()));
        out.println(node.toPrettyString());
      } else {
        for (int i = 0; i < verdicts.size(); i++) {
          if (verdicts.size() > 1) {
            out.println("evidence " + (i + 1) + " of " + verdicts.size() + ":");
          }
          out.print(verdicts.get(i).toText());
        }
        if (verdicts.size() > 1) {
          out.println(ok ? "all " + verdicts.size() + " verified" : "NOT all verified");
        }
      }
      out.flush();
      return ok ? 0 : 1;
    }

    private VerificationPolicy policy() {
      VerificationPolicy policy = VerificationPolicy.strict().withAllowDebug(allowDebug).withAllowInsecure(allowInsecure);
      if (expectedMrEnclave != null) {
        policy = policy.withExpectedMrEnclave(hex(expectedMrEnclave, 32, "--expected-mrenclave"));
      }
      if (expectedMrSigner != null) {
        policy = policy.withExpectedMrSigner(hex(expectedMrSigner, 32, "--expected-mrsigner"));
      }
      if (expectedMrTd != null) {
        policy = policy.withExpectedMrTd(hex(expectedMrTd, 48, "--expected-mrtd"));
      }
      if (expectedMeasurement != null) {
        policy = policy.withExpectedMeasurement(hex(expectedMeasurement, 48, "--expected-measurement"));
      }
      String[] pcrs = {expectedPcr0, expectedPcr1, expectedPcr2, null, null, null, null, null, expectedPcr8};
      for (int index = 0; index < pcrs.length; index++) {
        if (pcrs[index] != null) {
          policy = policy.withExpectedPcr(index, hex(pcrs[index], 48, "--expected-pcr" + index));
        }
      }
      for (String pubkey : pubkeys) {
        policy = policy.withPubkey(new BLSPubkey(hex(pubkey, BLSPubkey.SIZE, "--pubkey")));
      }
      if (nonce != null) {
        try {
          policy = policy.withNonce(ReportData.nonce(Hex.decode(nonce)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--nonce: " + e.getMessage());
        }
      }
      if (collateral != null) {
        policy = Files.isDirectory(collateral)
            ? policy.withCollateral(bundle(collateral))
            : policy.withCollateral(Collateral.fromJson(read(collateral, "--collateral")));
      }
      TrustAnchors anchors = policy.anchors();
      if (intelRootCa != null) {
        anchors = anchors.withIntelRoot(certificate(intelRootCa, "--intel-root-ca"));
      }
      if (amdArk != null) {
        anchors = anchors.withAmdArk(certificate(amdArk, "--amd-ark"));
      }
      if (nitroRoot != null) {
        anchors = anchors.withNitroRoot(certificate(nitroRoot, "--nitro-root"));
      }
      policy = policy.withAnchors(anchors);
      List<X509Certificate> extra = new ArrayList<>();
      for (Path file : certChain) {
        extra.addAll(TrustAnchors.certificates(read(file, "--cert-chain")));
      }
      policy = policy.withExtraCertificates(extra);
      if (at != null) {
        try {
          policy = policy.withNow(Instant.parse(at));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("--at: not an ISO-8601 instant: " + at);
        }
      }
      return policy;
    }

    private static CollateralBundle bundle(Path dir) {
      try {
        return CollateralBundle.load(dir);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--collateral: " + e.getMessage());
      }
    }

    private TdxBootPolicy tdxBoot() {
      List<Optional<byte[]>> rtmrs = new ArrayList<>();
      String[] given = {expectedRtmr0, expectedRtmr1, expectedRtmr2, expectedRtmr3};
      for (int i = 0; i < given.length; i++) {
        String option = "--expected-rtmr" + i;
        rtmrs.add(Optional.ofNullable(given[i]).map(text -> hex(text, 48, option)));
      }
      return new TdxBootPolicy(
          Optional.ofNullable(eventLog).map(file -> read(file, "--event-log")),
          Optional.ofNullable(launchEndorsement).map(file -> read(file, "--launch-endorsement")),
          Optional.ofNullable(gceTcbRoot).map(file -> certificate(file, "--gce-tcb-root")),
          rtmrs);
    }

    private static byte[] hex(String text, int length, String option) {
      try {
        return Hex.decode(text, length);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + ": " + e.getMessage());
      }
    }

    private static X509Certificate certificate(Path file, String option) {
      try {
        return TrustAnchors.certificate(read(file, option));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + ": " + e.getMessage());
      }
    }

    private static byte[] read(Path file, String option) {
      try {
        return Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException(option + ": no such file: " + file);
      } catch (IOException e) {
        throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e.getMessage());
      }
    }
  }
}
