package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.attestation.AttestationProvider;
import dev.vigil.attestation.EvidenceVerifier;
import dev.vigil.attestation.EvidenceType;
import dev.vigil.attestation.SimulatedNitro;
import dev.vigil.attestation.SyntheticDcap;
import dev.vigil.attestation.VerificationPolicy;
import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.keys.FileSealing;
import dev.vigil.keys.SealedKeyStore;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.spec.BLSPubkey;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which expectations an export must pin for each kind of receiver (docs/tee.md §6), with the
 * receiver's evidence made by simulated TEEs over self-made roots: a Nitro receiver by PCR0 or
 * PCR8, and a signed Nitro sender only to an image signed with its own certificate; a TDX receiver
 * by MRTD, RTMR1 and RTMR2; an Azure confidential VM (a real HCL report) never.
 */
class KeyMigrationReceiverPinsTest {
  static final List<Optional<byte[]>> NO_RTMRS = List.of(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  private static final byte[] SIGNING_CERTIFICATE = SimulatedNitro.pcr(0x88);
  private static final byte[] NEW_IMAGE = SimulatedNitro.pcr(0x01);
  private static final byte[] MRTD = SimulatedNitro.pcr(0x7d);
  private static final List<byte[]> RTMRS = List.of(SimulatedNitro.pcr(0xa0), SimulatedNitro.pcr(0xa1), SimulatedNitro.pcr(0xa2), SimulatedNitro.pcr(0xa3));
  private final SimulatedNitro nitro = new SimulatedNitro();
  private final SyntheticDcap dcap = new SyntheticDcap();
  @TempDir Path oldDir;
  @TempDir Path newDir;
  private SlashingProtection oldStore;
  private SlashingProtection newStore;
  private KeyRing oldKeys;
  private BLSPubkey pubkey;

  @BeforeEach
  void openStores() {
    oldStore = SlashingProtectionStores.open(null, oldDir, PruningPolicy.OFF);
    newStore = SlashingProtectionStores.open(null, newDir, PruningPolicy.OFF);
    BlsSecretKey secretKey = BlsSecretKey.fromInteger(BigInteger.valueOf(5151));
    pubkey = secretKey.publicKey().toBytes();
    oldKeys = new KeyRing();
    oldKeys.add(pubkey, secretKey);
  }

  @AfterEach
  void closeStores() {
    oldStore.close();
    newStore.close();
  }

  private static KeyMigration migration(KeyRing keys, SlashingProtection store, Path dir, AttestationProvider attestation) {
    Signer signer = new Signer(keys, store, Runnable::run, Runnable::run, new SigningMetrics(new PrometheusRegistry(), keys::size), FreshnessGuard.NONE);
    return new KeyMigration(keys, signer, SealedKeyStore.open(dir, new FileSealing()), store, attestation,
        new EvidenceVerifier(), new SecureRandom(), 4L << 20, false, Clock.systemUTC());
  }

  private KeyMigration nitroSender(byte[] pcr8) {
    return migration(oldKeys, oldStore, oldDir, nitro.enclave(Map.of(0, SimulatedNitro.pcr(0x02), 8, pcr8)));
  }

  private KeyMigration nitroReceiver(KeyRing keys, byte[] pcr8) {
    return migration(keys, newStore, newDir, nitro.enclave(Map.of(0, NEW_IMAGE, 8, pcr8)));
  }

  private VerificationPolicy nitroPolicy() {
    return VerificationPolicy.strict().withAnchors(nitro.anchors()).withNow(SimulatedNitro.TIME);
  }

  @Test
  void nitroReceiverPinnedByPcr0ReceivesTheKeys() {
    KeyRing newKeys = new KeyRing();
    KeyMigration receiver = nitroReceiver(newKeys, SIGNING_CERTIFICATE);

    KeyMigration.Export export = nitroSender(SIGNING_CERTIFICATE).export(receiver.offer(new byte[] {7}),
        nitroPolicy().withExpectedPcr(0, NEW_IMAGE), NO_RTMRS, List.of());

    assertThat(export.verdict().ok()).isTrue();
    assertThat(export.verdict().check("pcr0").orElseThrow().reason()).contains("as expected");
    assertThat(receiver.importPackage(export.migrationPackage())).extracting(KeyMigration.KeyImport::status)
        .containsExactly(KeyManager.ImportStatus.IMPORTED);
    assertThat(newKeys.publicKeys()).containsExactly(pubkey);
    assertThat(oldKeys.size()).isZero();
  }

  @Test
  void nitroReceiverWithAnotherPcr0IsRefused() {
    KeyMigration receiver = nitroReceiver(new KeyRing(), SIGNING_CERTIFICATE);

    assertThatThrownBy(() -> nitroSender(SIGNING_CERTIFICATE).export(receiver.offer(null),
        nitroPolicy().withExpectedPcr(0, SimulatedNitro.pcr(0x03)), NO_RTMRS, List.of()))
        .isInstanceOfSatisfying(MigrationException.class,
            e -> assertThat(e.reason()).isEqualTo(MigrationException.Reason.EVIDENCE_REFUSED))
        .hasMessageContaining("pcr0", "nothing exported");
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
  }

  @Test
  void nitroReceiverPinnedOnlyByPcr1IsRefusedNamingTheFields() {
    KeyMigration receiver = nitroReceiver(new KeyRing(), SIGNING_CERTIFICATE);

    assertThatThrownBy(() -> nitroSender(SIGNING_CERTIFICATE).export(receiver.offer(null),
        nitroPolicy().withExpectedPcr(1, SimulatedNitro.pcr(0x11)), NO_RTMRS, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected_pcr0, expected_pcr8", "PCR1", "do not identify the Vigil image");
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
  }

  @Test
  void nitroReceiverWithoutAnyPinIsRefused() {
    KeyMigration receiver = nitroReceiver(new KeyRing(), SIGNING_CERTIFICATE);

    assertThatThrownBy(() -> nitroSender(SIGNING_CERTIFICATE).export(receiver.offer(null), nitroPolicy(), NO_RTMRS, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected_pcr0", "expected_pcr8");
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
  }

  @Test
  void signedNitroSenderRefusesAnImageSignedWithAnotherCertificateWhateverTheRequestPins() {
    byte[] otherCertificate = SimulatedNitro.pcr(0x99);
    KeyMigration receiver = nitroReceiver(new KeyRing(), otherCertificate);

    assertThatThrownBy(() -> nitroSender(SIGNING_CERTIFICATE).export(receiver.offer(null),
        nitroPolicy().withExpectedPcr(0, NEW_IMAGE).withExpectedPcr(8, otherCertificate), NO_RTMRS, List.of()))
        .isInstanceOfSatisfying(MigrationException.class,
            e -> assertThat(e.reason()).isEqualTo(MigrationException.Reason.EVIDENCE_REFUSED))
        .hasMessageContaining("pcr8:", "99".repeat(48), "88".repeat(48));
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
  }

  @Test
  void unsignedNitroSenderLeavesTheImageToThePcr8Pin() {
    KeyRing newKeys = new KeyRing();
    KeyMigration receiver = nitroReceiver(newKeys, SIGNING_CERTIFICATE);

    KeyMigration.Export export = nitroSender(new byte[48]).export(receiver.offer(null),
        nitroPolicy().withExpectedPcr(8, SIGNING_CERTIFICATE), NO_RTMRS, List.of());

    assertThat(export.verdict().check("pcr8").orElseThrow().reason()).contains("as expected");
    assertThat(export.migrationPackage().pubkeys()).containsExactly(pubkey);
  }

  private KeyMigration tdxSender() {
    return migration(oldKeys, oldStore, oldDir, dcap.td(MRTD, RTMRS));
  }

  private KeyMigration tdxReceiver(KeyRing keys) {
    return migration(keys, newStore, newDir, dcap.td(MRTD, RTMRS));
  }

  private VerificationPolicy tdxPolicy() {
    return VerificationPolicy.strict().withAnchors(dcap.anchors()).withExpectedMrTd(MRTD);
  }

  private static List<Optional<byte[]>> rtmrs(byte[] rtmr1, byte[] rtmr2) {
    return List.of(Optional.empty(), Optional.of(rtmr1), Optional.of(rtmr2), Optional.empty());
  }

  @Test
  void tdxReceiverPinnedOnlyByMrtdIsRefusedNamingTheRtmrs() {
    KeyMigration receiver = tdxReceiver(new KeyRing());

    assertThatThrownBy(() -> tdxSender().export(receiver.offer(null), tdxPolicy(), NO_RTMRS, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("expected_rtmr1, expected_rtmr2:")
        .hasMessageContaining("MRTD alone measures only the firmware");
    assertThatThrownBy(() -> tdxSender().export(receiver.offer(null), tdxPolicy(),
        List.of(Optional.empty(), Optional.of(RTMRS.get(1)), Optional.empty(), Optional.empty()), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("expected_rtmr2:");
    assertThatThrownBy(() -> tdxSender().export(receiver.offer(null), VerificationPolicy.strict().withAnchors(dcap.anchors()),
        rtmrs(RTMRS.get(1), RTMRS.get(2)), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("expected_mrtd:");
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
  }

  @Test
  void tdxReceiverWithTheExpectedRtmrsReceivesTheKeys() {
    KeyRing newKeys = new KeyRing();
    KeyMigration receiver = tdxReceiver(newKeys);

    KeyMigration.Export export = tdxSender().export(receiver.offer(null), tdxPolicy(), rtmrs(RTMRS.get(1), RTMRS.get(2)), List.of());

    assertThat(export.verdict().failures()).isEmpty();
    assertThat(export.verdict().check("rtmr1").orElseThrow().reason()).contains("as expected");
    assertThat(export.verdict().check("rtmr2").orElseThrow().reason()).contains("as expected");
    assertThat(receiver.importPackage(export.migrationPackage())).extracting(KeyMigration.KeyImport::status)
        .containsExactly(KeyManager.ImportStatus.IMPORTED);
    assertThat(newKeys.publicKeys()).containsExactly(pubkey);
  }

  @Test
  void tdxReceiverWithAnotherRtmrIsRefused() {
    KeyMigration receiver = tdxReceiver(new KeyRing());
    byte[] otherKernel = RTMRS.get(2).clone();
    otherKernel[47] ^= 0x01;

    assertThatThrownBy(() -> tdxSender().export(receiver.offer(null), tdxPolicy(), rtmrs(RTMRS.get(1), otherKernel), List.of()))
        .isInstanceOfSatisfying(MigrationException.class, e -> {
          assertThat(e.reason()).isEqualTo(MigrationException.Reason.EVIDENCE_REFUSED);
          assertThat(e.verdict().orElseThrow().failures()).extracting(check -> check.name()).containsExactly("rtmr2");
        })
        .hasMessageContaining("rtmr2", "nothing exported");
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
  }

  /** A real Azure SNP HCL report (confidential-containers/trustee), as an azure-vtpm provider returns it. */
  private static AttestationProvider azureVm() {
    return recorded(EvidenceType.AZURE_VTPM, "azure-vtpm", "az-snp-vtpm/hcl-report.bin");
  }

  /** A real AWS SEV-SNP report signed by a VLEK (confidential-containers/trustee), as the tsm provider returns it. */
  private static AttestationProvider awsSnpVm() {
    return recorded(EvidenceType.SEV_SNP, "tsm", "snp/test-vlek-report.bin");
  }

  private static AttestationProvider recorded(EvidenceType type, String name, String vector) {
    byte[] report;
    try (InputStream in = KeyMigrationReceiverPinsTest.class.getResourceAsStream(
        "/vectors/confidential-containers-trustee/" + vector)) {
      report = in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new AttestationProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RawEvidence attest(byte[] reportData) {
        return new RawEvidence(type, Optional.of(report), List.of());
      }
    };
  }

  @Test
  void awsSevSnpGuestSignedByAVlekIsRefusedWhateverThePins() {
    KeyMigration receiver = migration(new KeyRing(), newStore, newDir, awsSnpVm());

    assertThatThrownBy(() -> tdxSender().export(receiver.offer(null),
        tdxPolicy().withExpectedMeasurement(SimulatedNitro.pcr(0x5a)), rtmrs(RTMRS.get(1), RTMRS.get(2)), List.of()))
        .isInstanceOfSatisfying(MigrationException.class,
            e -> assertThat(e.reason()).isEqualTo(MigrationException.Reason.UNMEASURED_RECEIVER))
        .hasMessageContaining("VLEK", "UEFI firmware", "docs/tee.md §6", "nothing exported");
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
  }

  @Test
  void azureConfidentialVmIsRefusedWhateverThePins() {
    KeyMigration receiver = migration(new KeyRing(), newStore, newDir, azureVm());
    KeyMigration sender = tdxSender();

    assertThatThrownBy(() -> sender.export(receiver.offer(null),
        tdxPolicy().withExpectedMeasurement(SimulatedNitro.pcr(0x5a)), rtmrs(RTMRS.get(1), RTMRS.get(2)), List.of()))
        .isInstanceOfSatisfying(MigrationException.class,
            e -> assertThat(e.reason()).isEqualTo(MigrationException.Reason.UNMEASURED_RECEIVER))
        .hasMessageContaining("Azure confidential VM", "Microsoft's paravisor", "not Vigil", "docs/tee.md §6", "nothing exported");
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
  }
}
