package dev.vigil.signer;

import dev.vigil.attestation.AttestationProvider;
import dev.vigil.attestation.Check;
import dev.vigil.attestation.Evidence;
import dev.vigil.attestation.EvidenceFile;
import dev.vigil.attestation.EvidenceType;
import dev.vigil.attestation.EvidenceVerifier;
import dev.vigil.attestation.ReportData;
import dev.vigil.attestation.TdxBootPolicy;
import dev.vigil.attestation.VerificationPolicy;
import dev.vigil.attestation.Verdict;
import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.keys.SealedKeyStore;
import dev.vigil.protection.InterchangeException;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.signer.KeyManager.ImportStatus;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves keys with their slashing-protection history from one running signer to another (an old and
 * a new enclave build) without re-deposits. The receiver {@link #offer offers} an attested ephemeral
 * X25519 key; the sender verifies that evidence offline, stops signing with the keys for good and
 * {@link #export exports} each secret encrypted to that key; the receiver {@link #importPackage
 * imports} the history first, then seals and loads the keys. Secrets never leave either process in
 * clear. See docs/tee.md, "Key migration".
 */
public final class KeyMigration {
  private static final Logger LOG = LoggerFactory.getLogger(KeyMigration.class);
  /** Unused offers held at once; each is a private key in memory until its package is imported. */
  public static final int MAX_PENDING_OFFERS = 16;
  /** How long after its creation a sender still exports to an offer. */
  public static final Duration OFFER_LIFETIME = Duration.ofMinutes(10);
  /**
   * How long after its expiry the receiver still imports a package for an offer (one exported just
   * before the expiry, or saved by {@code vigil keys migrate} when its import failed) before it drops
   * the offer's private key.
   */
  public static final Duration IMPORT_GRACE = Duration.ofHours(1);

  /** What the sender returns: the package and the verdict on the receiver's evidence. */
  public record Export(MigrationPackage migrationPackage, Verdict verdict) {}

  /** Per-key outcome of an import, in package order. */
  public record KeyImport(BLSPubkey pubkey, ImportStatus status, String message) {}

  private record PendingOffer(PrivateKey privateKey, Bytes32 nonce, Instant expiresAt) {}

  private final KeyRing keys;
  private final Signer signer;
  private final SealedKeyStore sealedKeys;
  private final SlashingProtection protection;
  private final AttestationProvider attestation;
  private final EvidenceVerifier verifier;
  private final SecureRandom random;
  private final long maxPackageBytes;
  private final boolean allowInsecureMigration;
  private final Clock clock;
  private final Map<Bytes32, PendingOffer> pendingOffers = new LinkedHashMap<>();

  public KeyMigration(
      KeyRing keys,
      Signer signer,
      SealedKeyStore sealedKeys,
      SlashingProtection protection,
      AttestationProvider attestation,
      EvidenceVerifier verifier,
      SecureRandom random,
      long maxPackageBytes,
      boolean allowInsecureMigration,
      Clock clock) {
    this.keys = keys;
    this.signer = signer;
    this.sealedKeys = sealedKeys;
    this.protection = protection;
    this.attestation = attestation;
    this.verifier = verifier;
    this.random = random;
    this.maxPackageBytes = maxPackageBytes;
    this.allowInsecureMigration = allowInsecureMigration;
    this.clock = clock;
  }

  /**
   * Receiver, step 1: a fresh ephemeral key pair whose private half stays in memory until a package
   * for it is imported (or {@link #IMPORT_GRACE} after the offer expires), and evidence binding its
   * public half to {@code nonce} (at most 32 bytes).
   */
  public synchronized MigrationOffer offer(byte[] nonce) {
    Bytes32 padded = ReportData.nonce(nonce);
    Instant now = clock.instant();
    pendingOffers.values().removeIf(pending -> pastImportGrace(pending, now));
    if (pendingOffers.size() >= MAX_PENDING_OFFERS) {
      throw new MigrationException(MigrationException.Reason.TOO_MANY_OFFERS,
          MAX_PENDING_OFFERS + " migration offers are pending; import their packages or restart this signer");
    }
    KeyPair ephemeral = MigrationCrypto.generateKeyPair(random);
    Bytes32 publicKey = MigrationCrypto.rawPublicKey(ephemeral.getPublic());
    byte[] reportData = MigrationCrypto.offerReportData(publicKey, padded);
    AttestationProvider.RawEvidence raw = attestation.attest(reportData);
    Evidence evidence = new Evidence(
        raw.type(), reportData, raw.quote(), padded, Optional.empty(), List.of(), raw.certificates());
    Instant expiresAt = now.plus(OFFER_LIFETIME).truncatedTo(ChronoUnit.SECONDS);
    pendingOffers.put(publicKey, new PendingOffer(ephemeral.getPrivate(), padded, expiresAt));
    LOG.info("migration offer {} created with {} evidence, expires at {}", publicKey, raw.type(), expiresAt);
    return new MigrationOffer(publicKey, padded, evidence, protection.genesisValidatorsRoot(), expiresAt);
  }

  private static boolean pastImportGrace(PendingOffer offer, Instant now) {
    return !now.isBefore(offer.expiresAt().plus(IMPORT_GRACE));
  }

  /**
   * Sender, step 2: refuses unless this signer runs in a TEE or its operator allowed insecure
   * migration, and refuses an expired offer; verifies the receiver's evidence against {@code policy}
   * and {@code expectedRtmrs} (TDX RTMR0–3, where given), which must pin what {@link ReceiverPins}
   * requires for the receiver's kind of evidence, then stops signing with the keys
   * ({@code pubkeys}, or every loaded key when empty), tombstones them so that a restart does not
   * bring them back, and returns them encrypted to the offer with their complete history. If
   * anything fails, nothing is exported and the keys sign here as before.
   *
   * @throws MigrationException when the evidence is refused or cannot be pinned, the chains differ or the package would
   *     be larger than {@code maxPackageBytes} (what the receiver's import accepts)
   * @throws IllegalArgumentException naming the field for bad input (a key not loaded here …)
   */
  public synchronized Export export(
      MigrationOffer offer, VerificationPolicy policy, List<Optional<byte[]>> expectedRtmrs, List<BLSPubkey> pubkeys) {
    if (!attestation.hardwareBacked() && !allowInsecureMigration) {
      throw new MigrationException(MigrationException.Reason.INSECURE_MIGRATION_DISABLED,
          "this signer runs without a TEE (--attestation " + attestation.name() + "): it exports secret keys only when "
              + "its operator started it with --allow-insecure-migration (no request field can allow it); nothing exported");
    }
    if (!clock.instant().isBefore(offer.expiresAt())) {
      throw new MigrationException(MigrationException.Reason.OFFER_EXPIRED, "offer.expires_at: the offer expired at "
          + offer.expiresAt() + " by this signer's clock (offers are valid " + OFFER_LIFETIME.toMinutes()
          + " minutes); ask the receiver for a new one; nothing exported");
    }
    ReceiverPins.require(offer.evidence(), policy, expectedRtmrs);
    Verdict verdict = new TdxBootPolicy(Optional.empty(), Optional.empty(), Optional.empty(), expectedRtmrs).apply(
        verifier.verify(offer.evidence(), policy
            .withExpectedReportData(MigrationCrypto.offerReportData(offer.publicKey(), offer.nonce()))
            .withNonce(offer.nonce())),
        new EvidenceFile.Json(offer.evidence()), policy.now());
    if (!verdict.ok()) {
      throw new MigrationException(MigrationException.Reason.EVIDENCE_REFUSED,
          "the receiver's evidence is refused, nothing exported: " + describe(verdict.failures()), verdict);
    }
    if (attestation.hardwareBacked()) {
      checkReceiverAgainstSelf(offer, policy, verdict);
    }
    Optional<Bytes32> chain = protection.genesisValidatorsRoot();
    if (chain.isPresent() && offer.genesisValidatorsRoot().isPresent() && !chain.equals(offer.genesisValidatorsRoot())) {
      throw new MigrationException(MigrationException.Reason.CHAIN_MISMATCH,
          "the receiver protects chain " + offer.genesisValidatorsRoot().get() + " but this signer protects "
              + chain.get() + ": it could not import the history, nothing exported");
    }
    Map<BLSPubkey, BlsSecretKey> secrets = selectKeys(pubkeys);
    List<BLSPubkey> removed = signer.removeKeys(secrets.keySet());
    secrets.keySet().retainAll(removed);
    if (removed.isEmpty()) {
      throw new IllegalArgumentException("pubkeys: the keys were removed meanwhile; nothing to export");
    }
    List<BLSPubkey> tombstoned = new ArrayList<>();
    try {
      for (BLSPubkey pubkey : removed) {
        if (sealedKeys.delete(pubkey)) {
          tombstoned.add(pubkey);
        }
      }
      MigrationPackage migrationPackage = encrypt(offer, secrets, history(removed));
      long size = migrationPackage.toJsonNode().toString().getBytes(StandardCharsets.UTF_8).length;
      if (size > maxPackageBytes) {
        throw new MigrationException(MigrationException.Reason.PACKAGE_TOO_LARGE, "the package would be " + size
            + " bytes with its history, more than the " + maxPackageBytes + " a signer accepts; nothing exported: "
            + "move fewer keys at a time (pubkeys) or prune the history (--slashing-protection-pruning-epochs)");
      }
      if (attestation.hardwareBacked()) {
        LOG.info("migrated {} key(s) out to offer {} ({} evidence): {}", removed.size(), offer.publicKey(), verdict.type(), removed);
      } else {
        LOG.warn("INSECURE MIGRATION (--allow-insecure-migration): {} secret key(s) exported from this signer without a TEE "
            + "to offer {} ({} evidence); whoever holds that offer's private key holds the keys: {}",
            removed.size(), offer.publicKey(), verdict.type(), removed);
      }
      secrets.values().forEach(BlsSecretKey::destroy);
      return new Export(migrationPackage, verdict);
    } catch (RuntimeException | Error e) {
      restore(secrets, tombstoned);
      throw e;
    }
  }

  /**
   * A signer in a TEE does not let the caller (a holder of its API token) decide alone where its keys
   * may go: it verifies its own evidence and applies {@link #receiverRefusal}.
   */
  private void checkReceiverAgainstSelf(MigrationOffer offer, VerificationPolicy policy, Verdict receiver) {
    byte[] reportData = MigrationCrypto.senderReportData(offer.publicKey(), offer.nonce());
    AttestationProvider.RawEvidence raw = attestation.attest(reportData);
    Evidence own = new Evidence(
        raw.type(), reportData, raw.quote(), offer.nonce(), Optional.empty(), List.of(), raw.certificates());
    Verdict ownVerdict = verifier.verify(own, VerificationPolicy.strict()
        .withAnchors(policy.anchors()).withExtraCertificates(policy.extraCertificates()).withNow(policy.now())
        .withExpectedReportData(reportData));
    boolean ownDebug = ownVerdict.check("debug").filter(check -> check.status() == Check.Status.FAIL).isPresent();
    List<Check> ownFailures = ownVerdict.failures().stream().filter(check -> !check.name().equals("debug")).toList();
    if (!ownFailures.isEmpty()) {
      throw new MigrationException(MigrationException.Reason.EVIDENCE_REFUSED,
          "this signer cannot verify its own evidence, nothing exported: " + describe(ownFailures), ownVerdict);
    }
    receiverRefusal(ownVerdict, ownDebug, receiver, policy).ifPresent(reason -> {
      throw new MigrationException(MigrationException.Reason.EVIDENCE_REFUSED, reason + "; nothing exported", receiver);
    });
  }

  /**
   * Why a signer whose own (verified) evidence is {@code own} refuses a receiver that passed the
   * caller's policy: keys in a TEE go only to hardware-backed evidence of the same kind, never to a
   * debug TEE unless this one is debug too, on SGX only to an enclave with this enclave's
   * MRSIGNER and ISVPRODID and an ISVSVN at least its own — the enclaves that could already unseal
   * its MRSIGNER-sealed keys — and on Nitro, when this image is signed, only to an image signed with
   * the same certificate (PCR8).
   */
  static Optional<String> receiverRefusal(Verdict own, boolean ownDebug, Verdict receiver, VerificationPolicy policy) {
    if (policy.allowInsecure()) {
      return Optional.of("allow_insecure: this signer runs in a TEE and exports keys only to hardware-backed evidence");
    }
    if (policy.allowDebug() && !ownDebug) {
      return Optional.of("allow_debug: this signer is not a debug TEE and exports no key to one (the host can read its memory)");
    }
    if (!own.type().equals(receiver.type())) {
      return Optional.of("the receiver's evidence is " + receiver.type() + " but this signer's is " + own.type());
    }
    if (own.type().equals(EvidenceType.NITRO.wireName())) {
      return nitroRefusal(own.claims().get("pcr8"), receiver.claims().get("pcr8"));
    }
    String ownSigner = own.claims().get("mrsigner");
    if (ownSigner == null) {
      return Optional.empty();
    }
    Map<String, String> theirs = receiver.claims();
    if (!ownSigner.equals(theirs.get("mrsigner"))) {
      return Optional.of("mrsigner: the receiver's enclave is signed by " + theirs.get("mrsigner")
          + ", not by this enclave's signer " + ownSigner);
    }
    if (!own.claims().get("isvprodid").equals(theirs.get("isvprodid"))) {
      return Optional.of("isvprodid: the receiver's enclave is product " + theirs.get("isvprodid")
          + ", this one is product " + own.claims().get("isvprodid"));
    }
    if (Integer.parseInt(theirs.get("isvsvn")) < Integer.parseInt(own.claims().get("isvsvn"))) {
      return Optional.of("isvsvn: the receiver's enclave is security version " + theirs.get("isvsvn")
          + ", older than this one's " + own.claims().get("isvsvn"));
    }
    return Optional.empty();
  }

  /**
   * A Nitro enclave whose image is signed (PCR8 not zero) sends only to an enclave whose image is
   * signed with the same certificate — the MRSIGNER analogue; an unsigned one has no signer identity
   * and leaves the decision to the caller's PCR0 pin, as a TDX or SEV-SNP VM does.
   */
  private static Optional<String> nitroRefusal(String ownPcr8, String theirPcr8) {
    if (ownPcr8 == null || ownPcr8.chars().allMatch(c -> c == '0') || ownPcr8.equals(theirPcr8)) {
      return Optional.empty();
    }
    return Optional.of("pcr8: the receiver's enclave image is signed with the certificate of PCR8 " + theirPcr8
        + ", not with this enclave's (PCR8 " + ownPcr8 + ")");
  }

  private static String describe(List<Check> failures) {
    return failures.stream().map(c -> c.name() + ": " + c.reason()).collect(Collectors.joining("; "));
  }

  /** The keys to export with their secrets, taken before they leave the ring. */
  private Map<BLSPubkey, BlsSecretKey> selectKeys(List<BLSPubkey> pubkeys) {
    Map<BLSPubkey, BlsSecretKey> selected = new LinkedHashMap<>();
    List<BLSPubkey> wanted = pubkeys.isEmpty() ? keys.publicKeys() : pubkeys;
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException("pubkeys: this signer holds no keys to export");
    }
    if (wanted.size() > MigrationPackage.MAX_KEYS) {
      throw new IllegalArgumentException("pubkeys: at most " + MigrationPackage.MAX_KEYS + " keys per migration, "
          + wanted.size() + " selected; name them with pubkeys");
    }
    for (int i = 0; i < wanted.size(); i++) {
      BLSPubkey pubkey = wanted.get(i);
      int index = i;
      selected.put(pubkey, keys.get(pubkey).orElseThrow(() -> new IllegalArgumentException(
          "pubkeys[" + index + "]: " + pubkey + " is not loaded on this signer")));
    }
    return selected;
  }

  private Optional<String> history(List<BLSPubkey> pubkeys) {
    // Without a pinned chain the store has recorded nothing; an empty document would need a made-up root.
    if (protection.genesisValidatorsRoot().isEmpty()) {
      return Optional.empty();
    }
    ByteArrayOutputStream interchange = new ByteArrayOutputStream();
    protection.exportInterchange(interchange, new LinkedHashSet<>(pubkeys));
    return Optional.of(interchange.toString(StandardCharsets.UTF_8));
  }

  private MigrationPackage encrypt(MigrationOffer offer, Map<BLSPubkey, BlsSecretKey> secrets, Optional<String> history) {
    KeyPair sender = MigrationCrypto.generateKeyPair(random);
    Bytes32 senderPublicKey = MigrationCrypto.rawPublicKey(sender.getPublic());
    List<BLSPubkey> order = List.copyOf(secrets.keySet());
    byte[] transcript = MigrationCrypto.transcript(offer.publicKey(), senderPublicKey, offer.nonce(), history, order);
    SecretKeySpec key = MigrationCrypto.packageKey(
        MigrationCrypto.agree(sender.getPrivate(), offer.publicKey(), "offer.public_key"), transcript);
    List<MigrationPackage.EncryptedKey> encrypted = new ArrayList<>();
    for (BLSPubkey pubkey : order) {
      byte[] secret = secrets.get(pubkey).toBytes();
      try {
        encrypted.add(new MigrationPackage.EncryptedKey(pubkey, MigrationCrypto.seal(key, secret, pubkey, random)));
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
    return new MigrationPackage(offer.publicKey(), senderPublicKey, offer.nonce(), history, encrypted);
  }

  /** Puts keys back after a failed export: nothing left the process, so they may sign here again. */
  private void restore(Map<BLSPubkey, BlsSecretKey> secrets, List<BLSPubkey> tombstoned) {
    for (Map.Entry<BLSPubkey, BlsSecretKey> entry : secrets.entrySet()) {
      BLSPubkey pubkey = entry.getKey();
      try {
        if (tombstoned.contains(pubkey)) {
          byte[] secret = entry.getValue().toBytes();
          try {
            sealedKeys.put(pubkey, secret);
          } finally {
            Arrays.fill(secret, (byte) 0);
          }
        }
        keys.add(pubkey, entry.getValue());
      } catch (RuntimeException e) {
        LOG.error("export failed and key {} could not be restored: {}; it signs until restart only", pubkey, e.getMessage());
        keys.add(pubkey, entry.getValue());
      }
    }
    LOG.warn("migration export failed; {} key(s) restored and signing here", secrets.size());
  }

  /**
   * Receiver, step 3: decrypts every key with the offer's private key (nothing is imported unless
   * all decrypt and match their public keys), imports the history first (all-or-nothing), then
   * seals and loads each key. The offer is used up once every key is imported or already here;
   * until then the same package can be imported again.
   *
   * @throws MigrationException for a package this signer holds no offer for, an altered package, or
   *     refused history
   */
  public synchronized List<KeyImport> importPackage(MigrationPackage migrationPackage) {
    PendingOffer offer = pendingOffers.get(migrationPackage.recipientPublicKey());
    if (offer == null) {
      throw new MigrationException(MigrationException.Reason.UNKNOWN_OFFER,
          "recipient_public_key: no pending offer " + migrationPackage.recipientPublicKey()
              + " on this signer (its package was already imported, or the signer restarted since the offer)");
    }
    if (pastImportGrace(offer, clock.instant())) {
      pendingOffers.remove(migrationPackage.recipientPublicKey());
      throw new MigrationException(MigrationException.Reason.OFFER_EXPIRED, "recipient_public_key: offer "
          + migrationPackage.recipientPublicKey() + " expired at " + offer.expiresAt() + " and its import window ("
          + IMPORT_GRACE.toMinutes() + " minutes more) is over; its private key is dropped, nothing imported");
    }
    Map<BLSPubkey, BlsSecretKey> secrets = decrypt(migrationPackage, offer);
    try {
      if (migrationPackage.slashingProtection().isPresent()) {
        try {
          protection.importInterchange(
              new ByteArrayInputStream(migrationPackage.slashingProtection().get().getBytes(StandardCharsets.UTF_8)));
        } catch (InterchangeException e) {
          throw new MigrationException(MigrationException.Reason.HISTORY_REFUSED,
              "slashing_protection refused, no key imported: " + e.getMessage());
        }
      }
    } catch (RuntimeException | Error e) {
      secrets.values().forEach(BlsSecretKey::destroy);
      throw e;
    }
    List<KeyImport> results = new ArrayList<>();
    secrets.forEach((pubkey, secretKey) -> results.add(load(pubkey, secretKey)));
    if (results.stream().allMatch(r -> r.status() != ImportStatus.ERROR)) {
      pendingOffers.remove(migrationPackage.recipientPublicKey());
    }
    LOG.info("migration package for offer {} imported: {}", migrationPackage.recipientPublicKey(), results);
    return results;
  }

  private Map<BLSPubkey, BlsSecretKey> decrypt(MigrationPackage migrationPackage, PendingOffer offer) {
    List<BLSPubkey> order = migrationPackage.pubkeys();
    if (new LinkedHashSet<>(order).size() != order.size()) {
      throw new IllegalArgumentException("keys: a pubkey appears twice");
    }
    byte[] transcript = MigrationCrypto.transcript(migrationPackage.recipientPublicKey(),
        migrationPackage.senderPublicKey(), offer.nonce(), migrationPackage.slashingProtection(), order);
    SecretKeySpec key = MigrationCrypto.packageKey(
        MigrationCrypto.agree(offer.privateKey(), migrationPackage.senderPublicKey(), "sender_public_key"), transcript);
    Map<BLSPubkey, BlsSecretKey> secrets = new LinkedHashMap<>();
    try {
      for (int i = 0; i < order.size(); i++) {
        MigrationPackage.EncryptedKey encrypted = migrationPackage.keys().get(i);
        secrets.put(encrypted.pubkey(), openOne(key, encrypted, i));
      }
      return secrets;
    } catch (RuntimeException e) {
      secrets.values().forEach(BlsSecretKey::destroy);
      throw e;
    }
  }

  private static BlsSecretKey openOne(SecretKeySpec key, MigrationPackage.EncryptedKey encrypted, int index) {
    byte[] secret;
    try {
      secret = MigrationCrypto.open(key, encrypted.ciphertext(), encrypted.pubkey());
    } catch (AEADBadTagException e) {
      throw new MigrationException(MigrationException.Reason.PACKAGE_REFUSED, "keys[" + index
          + "]: does not decrypt (the package was altered, or was made for another offer or nonce); nothing imported");
    }
    try {
      BlsSecretKey secretKey = BlsSecretKey.fromBytes(secret);
      if (!secretKey.publicKey().toBytes().equals(encrypted.pubkey())) {
        secretKey.destroy();
        throw new MigrationException(MigrationException.Reason.PACKAGE_REFUSED,
            "keys[" + index + "]: the secret does not belong to " + encrypted.pubkey() + "; nothing imported");
      }
      return secretKey;
    } catch (IllegalArgumentException e) {
      throw new MigrationException(MigrationException.Reason.PACKAGE_REFUSED,
          "keys[" + index + "]: not a BLS secret key; nothing imported");
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** Seals then loads one key, as a Keymanager import does: a key that signs is always sealed first. */
  private KeyImport load(BLSPubkey pubkey, BlsSecretKey secretKey) {
    if (keys.contains(pubkey)) {
      secretKey.destroy();
      return new KeyImport(pubkey, ImportStatus.DUPLICATE, "key " + pubkey + " is already loaded");
    }
    byte[] secret = secretKey.toBytes();
    try {
      sealedKeys.put(pubkey, secret);
    } catch (RuntimeException e) {
      secretKey.destroy();
      LOG.error("could not seal migrated key {}: {}", pubkey, e.getMessage());
      return new KeyImport(pubkey, ImportStatus.ERROR, "could not seal the key: " + e.getMessage());
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    keys.add(pubkey, secretKey);
    return new KeyImport(pubkey, ImportStatus.IMPORTED, "");
  }
}
