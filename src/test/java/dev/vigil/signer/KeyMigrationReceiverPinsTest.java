package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.attestation.AttestationProvider;
import dev.vigil.attestation.EvidenceVerifier;
import dev.vigil.attestation.SimulatedNitro;
import dev.vigil.attestation.VerificationPolicy;
import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.keys.FileSealing;
import dev.vigil.keys.SealedKeyStore;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.spec.BLSPubkey;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which expectations an export must pin for each kind of receiver (docs/tee.md §6), with the
 * receiver's evidence made by simulated TEEs over self-made roots: a Nitro receiver by PCR0 or
 * PCR8, and a signed Nitro sender only to an image signed with its own certificate.
 */
class KeyMigrationReceiverPinsTest {
  private static final byte[] SIGNING_CERTIFICATE = SimulatedNitro.pcr(0x88);
  private static final byte[] NEW_IMAGE = SimulatedNitro.pcr(0x01);
  private final SimulatedNitro nitro = new SimulatedNitro();
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
    Signer signer = new Signer(keys, store, Runnable::run, Runnable::run, new SigningMetrics(new PrometheusRegistry(), keys::size));
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
        nitroPolicy().withExpectedPcr(0, NEW_IMAGE), List.of());

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
        nitroPolicy().withExpectedPcr(0, SimulatedNitro.pcr(0x03)), List.of()))
        .isInstanceOfSatisfying(MigrationException.class,
            e -> assertThat(e.reason()).isEqualTo(MigrationException.Reason.EVIDENCE_REFUSED))
        .hasMessageContaining("pcr0", "nothing exported");
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
  }

  @Test
  void nitroReceiverPinnedOnlyByPcr1IsRefusedNamingTheFields() {
    KeyMigration receiver = nitroReceiver(new KeyRing(), SIGNING_CERTIFICATE);

    assertThatThrownBy(() -> nitroSender(SIGNING_CERTIFICATE).export(receiver.offer(null),
        nitroPolicy().withExpectedPcr(1, SimulatedNitro.pcr(0x11)), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected_pcr0, expected_pcr8", "PCR1", "do not identify the Vigil image");
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
  }

  @Test
  void nitroReceiverWithoutAnyPinIsRefused() {
    KeyMigration receiver = nitroReceiver(new KeyRing(), SIGNING_CERTIFICATE);

    assertThatThrownBy(() -> nitroSender(SIGNING_CERTIFICATE).export(receiver.offer(null), nitroPolicy(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected_pcr0", "expected_pcr8");
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
  }

  @Test
  void signedNitroSenderRefusesAnImageSignedWithAnotherCertificateWhateverTheRequestPins() {
    byte[] otherCertificate = SimulatedNitro.pcr(0x99);
    KeyMigration receiver = nitroReceiver(new KeyRing(), otherCertificate);

    assertThatThrownBy(() -> nitroSender(SIGNING_CERTIFICATE).export(receiver.offer(null),
        nitroPolicy().withExpectedPcr(0, NEW_IMAGE).withExpectedPcr(8, otherCertificate), List.of()))
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
        nitroPolicy().withExpectedPcr(8, SIGNING_CERTIFICATE), List.of());

    assertThat(export.verdict().check("pcr8").orElseThrow().reason()).contains("as expected");
    assertThat(export.migrationPackage().pubkeys()).containsExactly(pubkey);
  }
}
