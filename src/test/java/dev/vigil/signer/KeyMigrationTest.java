package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.attestation.AttestationProvider;
import dev.vigil.attestation.AttestationProviders;
import dev.vigil.attestation.Check;
import dev.vigil.attestation.EvidenceType;
import dev.vigil.attestation.EvidenceVerifier;
import dev.vigil.attestation.VerificationPolicy;
import dev.vigil.attestation.Verdict;
import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.keys.FileSealing;
import dev.vigil.keys.SealedKeyStore;
import dev.vigil.protection.Decision;
import dev.vigil.protection.ImportSummary;
import dev.vigil.protection.ProtectionUnavailableException;
import dev.vigil.protection.PruneSummary;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.Repair;
import dev.vigil.protection.RepairSummary;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.Repair;
import dev.vigil.protection.RepairSummary;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.testing.MovableClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the HTTP tests cannot provoke: failures after the keys stopped signing, and a sender inside a TEE. */
class KeyMigrationTest {
  static final List<Optional<byte[]>> NO_RTMRS = List.of(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  @TempDir Path oldDir;
  @TempDir Path newDir;

  /** A store pinned to a chain whose export fails, as when its database goes away mid-export. */
  private static final class ExportFails implements SlashingProtection {
    @Override
    public Decision checkAndRecordBlock(BLSPubkey pubkey, long slot, Bytes32 signingRoot, Bytes32 gvr) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Decision checkAndRecordAttestation(BLSPubkey pubkey, long source, long target, Bytes32 root, Bytes32 gvr) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ImportSummary importInterchange(InputStream json) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void exportInterchange(OutputStream out, Set<BLSPubkey> pubkeys) {
      throw new ProtectionUnavailableException("database gone", new java.sql.SQLException("closed"));
    }

    @Override
    public Optional<Bytes32> genesisValidatorsRoot() {
      return Optional.of(Bytes32.ZERO);
    }

    @Override
    public void pinGenesisValidatorsRoot(Bytes32 gvr) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PruneSummary prune() {
      throw new UnsupportedOperationException();
    }

    @Override
    public PruneSummary prune(PruningPolicy policy) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RepairSummary repair(Repair repair, boolean apply) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isReachable() {
      return false;
    }

    @Override
    public void close() {}
  }

  private static KeyMigration migration(KeyRing keys, SealedKeyStore sealed, SlashingProtection protection, Path dir) {
    return migration(keys, sealed, protection, dir, 4L << 20);
  }

  private static KeyMigration migration(
      KeyRing keys, SealedKeyStore sealed, SlashingProtection protection, Path dir, long maxPackageBytes) {
    return migration(keys, sealed, protection, dir, maxPackageBytes, true, Clock.systemUTC());
  }

  /** A signer without a TEE, started with or without --allow-insecure-migration, on {@code clock}. */
  private static KeyMigration migration(KeyRing keys, SealedKeyStore sealed, SlashingProtection protection, Path dir,
      long maxPackageBytes, boolean allowInsecureMigration, Clock clock) {
    Signer signer = new Signer(keys, protection, Runnable::run, Runnable::run, new SigningMetrics(new PrometheusRegistry(), keys::size), FreshnessGuard.NONE);
    return new KeyMigration(keys, signer, sealed, protection, AttestationProviders.create("none", dir),
        new EvidenceVerifier(), new SecureRandom(), maxPackageBytes, allowInsecureMigration, clock);
  }

  private KeyRing oneKey(long secret) {
    BlsSecretKey secretKey = BlsSecretKey.fromInteger(BigInteger.valueOf(secret));
    KeyRing keys = new KeyRing();
    keys.add(secretKey.publicKey().toBytes(), secretKey);
    return keys;
  }

  @Test
  void signerWithoutATeeAndWithoutTheOperatorFlagExportsNothingWhateverTheRequestAllows() {
    KeyRing oldKeys = oneKey(4245);
    KeyMigration sender = migration(oldKeys, SealedKeyStore.open(oldDir, new FileSealing()), new ExportFails(), oldDir,
        4L << 20, false, Clock.systemUTC());
    KeyMigration receiver = migration(new KeyRing(), SealedKeyStore.open(newDir, new FileSealing()), new ExportFails(), newDir);

    assertThatThrownBy(() -> sender.export(receiver.offer(null), VerificationPolicy.strict().withAllowInsecure(true), NO_RTMRS, List.of()))
        .isInstanceOfSatisfying(MigrationException.class,
            e -> assertThat(e.reason()).isEqualTo(MigrationException.Reason.INSECURE_MIGRATION_DISABLED))
        .hasMessageContaining("--allow-insecure-migration", "nothing exported");
    assertThat(oldKeys.size()).isEqualTo(1);
  }

  @Test
  void senderRefusesAnOfferPastItsExpiry() {
    MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
    KeyRing oldKeys = oneKey(4246);
    KeyMigration sender = migration(oldKeys, SealedKeyStore.open(oldDir, new FileSealing()), new ExportFails(), oldDir,
        4L << 20, true, clock);
    KeyMigration receiver = migration(new KeyRing(), SealedKeyStore.open(newDir, new FileSealing()), new ExportFails(), newDir,
        4L << 20, true, clock);
    MigrationOffer offer = receiver.offer(null);
    assertThat(offer.expiresAt()).isEqualTo(clock.instant().plus(KeyMigration.OFFER_LIFETIME));

    clock.advance(KeyMigration.OFFER_LIFETIME);
    assertThatThrownBy(() -> sender.export(offer, VerificationPolicy.strict().withAllowInsecure(true), NO_RTMRS, List.of()))
        .isInstanceOfSatisfying(MigrationException.class,
            e -> assertThat(e.reason()).isEqualTo(MigrationException.Reason.OFFER_EXPIRED))
        .hasMessageContaining("offer.expires_at", "nothing exported");
    assertThat(oldKeys.size()).isEqualTo(1);
  }

  @Test
  void aPackageExportedJustBeforeExpiryImportsUntilTheGraceEndsAndNotAfter() throws Exception {
    MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
    KeyRing oldKeys = oneKey(4247);
    BlsSecretKey lateKey = BlsSecretKey.fromInteger(BigInteger.valueOf(4248));
    oldKeys.add(lateKey.publicKey().toBytes(), lateKey);
    KeyRing newKeys = new KeyRing();
    try (SlashingProtection oldStore = SlashingProtectionStores.open(null, oldDir, PruningPolicy.OFF);
        SlashingProtection newStore = SlashingProtectionStores.open(null, newDir, PruningPolicy.OFF)) {
      KeyMigration sender = migration(oldKeys, SealedKeyStore.open(oldDir, new FileSealing()), oldStore, oldDir,
          4L << 20, true, clock);
      KeyMigration receiver = migration(newKeys, SealedKeyStore.open(newDir, new FileSealing()), newStore, newDir,
          4L << 20, true, clock);
      BLSPubkey latePubkey = lateKey.publicKey().toBytes();
      BLSPubkey inTimePubkey = oldKeys.publicKeys().stream().filter(key -> !key.equals(latePubkey)).findFirst().orElseThrow();
      MigrationOffer first = receiver.offer(null);
      MigrationOffer second = receiver.offer(null);
      clock.advance(KeyMigration.OFFER_LIFETIME.minusSeconds(1));
      VerificationPolicy insecure = VerificationPolicy.strict().withAllowInsecure(true);
      MigrationPackage inTime = sender.export(first, insecure, NO_RTMRS, List.of(inTimePubkey)).migrationPackage();
      MigrationPackage late = sender.export(second, insecure, NO_RTMRS, List.of(latePubkey)).migrationPackage();

      clock.advance(KeyMigration.IMPORT_GRACE);
      assertThat(receiver.importPackage(inTime)).extracting(KeyMigration.KeyImport::status)
          .containsExactly(KeyManager.ImportStatus.IMPORTED);
      clock.advance(Duration.ofSeconds(1));
      assertThatThrownBy(() -> receiver.importPackage(late))
          .isInstanceOfSatisfying(MigrationException.class,
              e -> assertThat(e.reason()).isEqualTo(MigrationException.Reason.OFFER_EXPIRED))
          .hasMessageContaining("recipient_public_key", "nothing imported");
      assertThatThrownBy(() -> receiver.importPackage(late))
          .as("the expired offer is gone")
          .isInstanceOfSatisfying(MigrationException.class,
              e -> assertThat(e.reason()).isEqualTo(MigrationException.Reason.UNKNOWN_OFFER));
      assertThat(newKeys.publicKeys()).containsExactly(inTimePubkey);
    }
  }

  @Test
  void expiredOffersFreeTheirPlaces() {
    MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
    KeyMigration receiver = migration(new KeyRing(), SealedKeyStore.open(newDir, new FileSealing()), new ExportFails(), newDir,
        4L << 20, true, clock);
    for (int i = 0; i < KeyMigration.MAX_PENDING_OFFERS; i++) {
      receiver.offer(null);
    }
    clock.advance(KeyMigration.OFFER_LIFETIME.plus(KeyMigration.IMPORT_GRACE));
    assertThat(receiver.offer(null).expiresAt()).isEqualTo(clock.instant().plus(KeyMigration.OFFER_LIFETIME));
  }

  @Test
  void exportThatFailsAfterStoppingTheKeysRestoresThem() {
    BlsSecretKey secretKey = BlsSecretKey.fromInteger(BigInteger.valueOf(4242));
    BLSPubkey pubkey = secretKey.publicKey().toBytes();
    SealedKeyStore oldSealed = SealedKeyStore.open(oldDir, new FileSealing());
    oldSealed.put(pubkey, secretKey.toBytes());
    KeyRing oldKeys = new KeyRing();
    oldKeys.add(pubkey, secretKey);
    KeyMigration sender = migration(oldKeys, oldSealed, new ExportFails(), oldDir);
    KeyMigration receiver = migration(new KeyRing(), SealedKeyStore.open(newDir, new FileSealing()), new ExportFails(), newDir);

    MigrationOffer offer = receiver.offer(new byte[] {1});
    assertThatThrownBy(() -> sender.export(offer, VerificationPolicy.strict().withAllowInsecure(true), NO_RTMRS, List.of()))
        .isInstanceOf(ProtectionUnavailableException.class);

    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
    assertThat(oldSealed.contains(pubkey)).as("tombstone lifted, sealed file back").isTrue();
    assertThat(SealedKeyStore.open(oldDir, new FileSealing()).list()).containsExactly(pubkey);
    assertThat(secretKey.isDestroyed()).isFalse();
  }

  @Test
  void packageLargerThanTheReceiverAcceptsIsNotExported() {
    BlsSecretKey secretKey = BlsSecretKey.fromInteger(BigInteger.valueOf(4244));
    BLSPubkey pubkey = secretKey.publicKey().toBytes();
    SealedKeyStore oldSealed = SealedKeyStore.open(oldDir, new FileSealing());
    oldSealed.put(pubkey, secretKey.toBytes());
    KeyRing oldKeys = new KeyRing();
    oldKeys.add(pubkey, secretKey);
    try (SlashingProtection store = SlashingProtectionStores.open(null, oldDir, PruningPolicy.OFF)) {
      KeyMigration sender = migration(oldKeys, oldSealed, store, oldDir, 300);
      KeyMigration receiver = migration(new KeyRing(), SealedKeyStore.open(newDir, new FileSealing()), new ExportFails(), newDir);

      assertThatThrownBy(() -> sender.export(receiver.offer(null), VerificationPolicy.strict().withAllowInsecure(true), NO_RTMRS, List.of()))
          .isInstanceOfSatisfying(MigrationException.class,
              e -> assertThat(e.reason()).isEqualTo(MigrationException.Reason.PACKAGE_TOO_LARGE))
          .hasMessageContaining("nothing exported", "pubkeys");
    }
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
    assertThat(oldSealed.contains(pubkey)).isTrue();
  }

  @Test
  void signerInATeeThatCannotVerifyItselfExportsNothing() {
    BlsSecretKey secretKey = BlsSecretKey.fromInteger(BigInteger.valueOf(4243));
    BLSPubkey pubkey = secretKey.publicKey().toBytes();
    KeyRing oldKeys = new KeyRing();
    oldKeys.add(pubkey, secretKey);
    AttestationProvider unverifiable = new AttestationProvider() {
      @Override
      public String name() {
        return "tee-without-quote";
      }

      @Override
      public RawEvidence attest(byte[] reportData) {
        return new RawEvidence(EvidenceType.INSECURE_NONE, Optional.empty(), List.of());
      }
    };
    Signer signer = new Signer(oldKeys, new ExportFails(), Runnable::run, Runnable::run, new SigningMetrics(new PrometheusRegistry(), oldKeys::size), FreshnessGuard.NONE);
    KeyMigration sender = new KeyMigration(oldKeys, signer, SealedKeyStore.open(oldDir, new FileSealing()), new ExportFails(),
        unverifiable, new EvidenceVerifier(), new SecureRandom(), 4L << 20, false, Clock.systemUTC());
    KeyMigration receiver = migration(new KeyRing(), SealedKeyStore.open(newDir, new FileSealing()), new ExportFails(), newDir);

    assertThatThrownBy(() -> sender.export(receiver.offer(null), VerificationPolicy.strict().withAllowInsecure(true), NO_RTMRS, List.of()))
        .isInstanceOf(MigrationException.class).hasMessageContaining("cannot verify its own evidence", "hardware");
    assertThat(oldKeys.publicKeys()).containsExactly(pubkey);
  }

  private static Verdict sgx(String mrsigner) {
    return sgx(mrsigner, "1", "5");
  }

  private static Verdict sgx(String mrsigner, String isvProdId, String isvSvn) {
    return new Verdict("sgx-dcap", List.of(Check.pass("quote_signature", "ok")),
        Map.of("mrsigner", mrsigner, "isvprodid", isvProdId, "isvsvn", isvSvn));
  }

  @Test
  void teeSendsToAnEnclaveOfItsOwnSignerProductAndAtLeastItsVersion() {
    assertThat(KeyMigration.receiverRefusal(sgx("aa"), false, sgx("aa"), VerificationPolicy.strict())).isEmpty();
    assertThat(KeyMigration.receiverRefusal(sgx("aa"), false, sgx("aa", "1", "6"), VerificationPolicy.strict())).isEmpty();
  }

  @Test
  void teeRefusesAnotherProductOfItsSigner() {
    assertThat(KeyMigration.receiverRefusal(sgx("aa"), false, sgx("aa", "2", "5"), VerificationPolicy.strict()))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("isvprodid:"));
  }

  @Test
  void teeRefusesAnOlderSecurityVersion() {
    assertThat(KeyMigration.receiverRefusal(sgx("aa"), false, sgx("aa", "1", "4"), VerificationPolicy.strict()))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("isvsvn:"));
  }

  @Test
  void teeRefusesAnEnclaveOfAnotherSigner() {
    assertThat(KeyMigration.receiverRefusal(sgx("aa"), false, sgx("bb"), VerificationPolicy.strict()))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("mrsigner:").contains("bb", "aa"));
  }

  @Test
  void teeRefusesAnotherKindOfTee() {
    Verdict tdx = new Verdict("tdx", List.of(), Map.of("mrtd", "cc"));
    assertThat(KeyMigration.receiverRefusal(sgx("aa"), false, tdx, VerificationPolicy.strict()))
        .hasValueSatisfying(reason -> assertThat(reason).contains("tdx", "sgx-dcap"));
  }

  @Test
  void teeIgnoresAllowInsecure() {
    assertThat(KeyMigration.receiverRefusal(sgx("aa"), false, sgx("aa"), VerificationPolicy.strict().withAllowInsecure(true)))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("allow_insecure"));
  }

  @Test
  void onlyADebugTeeSendsToADebugTee() {
    VerificationPolicy allowDebug = VerificationPolicy.strict().withAllowDebug(true);
    assertThat(KeyMigration.receiverRefusal(sgx("aa"), false, sgx("aa"), allowDebug))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("allow_debug"));
    assertThat(KeyMigration.receiverRefusal(sgx("aa"), true, sgx("aa"), allowDebug)).isEmpty();
  }

  @Test
  void tooManyPendingOffersAreRefused() {
    KeyMigration receiver = migration(new KeyRing(), SealedKeyStore.open(newDir, new FileSealing()), new ExportFails(), newDir);
    for (int i = 0; i < KeyMigration.MAX_PENDING_OFFERS; i++) {
      receiver.offer(null);
    }
    assertThatThrownBy(() -> receiver.offer(null))
        .isInstanceOfSatisfying(MigrationException.class,
            e -> assertThat(e.reason()).isEqualTo(MigrationException.Reason.TOO_MANY_OFFERS));
  }
}
