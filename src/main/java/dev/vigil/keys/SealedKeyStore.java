package dev.vigil.keys;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sealed keys of a data dir, one file per key in {@code <data-dir>/keys/<pubkey hex>.sealed}
 * (AES-256-GCM under the provider's KEK, public key and format bound as associated data), each
 * written atomically. Beside them: {@code keys/deleted/<pubkey hex>} tombstones, so a deleted key
 * stays deleted when its keystore is found again, and {@code keys/imported/<keystore sha256>}
 * records naming the key each already imported EIP-2335 keystore holds.
 *
 * <p>Crash order: {@link #put} seals the file before it clears the tombstone and {@link #delete}
 * writes the tombstone before it removes the file, so a crash in between leaves the key deleted;
 * {@link #open} then removes the orphaned file.
 */
public final class SealedKeyStore {
  static final String KEYS_DIR = "keys";
  static final String DELETED_DIR = "deleted";
  static final String IMPORTED_DIR = "imported";
  static final String SEALED_SUFFIX = ".sealed";

  private static final Logger LOG = LoggerFactory.getLogger(SealedKeyStore.class);

  private final Path keysDir;
  private final Path deletedDir;
  private final Path importedDir;
  private final SecretKeySpec kek;
  private final String sealingId;
  private final SecureRandom random = new SecureRandom();
  /** Changes to one key are serialised; different keys are written in parallel (fsync dominates). */
  private final Object[] keyLocks = new Object[64];

  private SealedKeyStore(Path keysDir, SecretKeySpec kek, String sealingId) {
    this.keysDir = keysDir;
    this.deletedDir = keysDir.resolve(DELETED_DIR);
    this.importedDir = keysDir.resolve(IMPORTED_DIR);
    this.kek = kek;
    this.sealingId = sealingId;
    Arrays.setAll(keyLocks, i -> new Object());
  }

  /**
   * Opens (creating if needed) the store of {@code dataDir} with {@code provider}. The caller holds
   * the data dir exclusively (its operating-system lock): opening removes temporary files left by
   * a crash, which would break another process writing there.
   *
   * @throws SealingException when the data dir was sealed with another provider or policy, the KEK
   *     does not open it (wrong passphrase…), or the provider's input is unavailable
   */
  public static SealedKeyStore open(Path dataDir, SealingProvider provider) {
    Path keysDir = dataDir.resolve(KEYS_DIR);
    for (Path dir : List.of(dataDir, keysDir, keysDir.resolve(DELETED_DIR), keysDir.resolve(IMPORTED_DIR))) {
      AtomicFiles.createPrivateDirectory(dir);
      AtomicFiles.removeTemporaryFiles(dir);
    }
    provider.warning().ifPresent(warning -> LOG.warn("{}", warning));

    Path recordFile = dataDir.resolve(SealingRecord.FILE);
    SealingRecord record;
    SecretKeySpec kek;
    if (Files.exists(recordFile)) {
      record = readRecord(recordFile);
      SealingParameters stored = record.parameters();
      if (!stored.provider().equals(provider.name()) || !stored.policy().equals(provider.policy())) {
        throw new SealingException(
            SealingException.Reason.PROVIDER_MISMATCH,
            "the keys in " + dataDir + " were sealed with `" + stored.flags()
                + "`, but this start uses `" + provider.flags() + "`. Start with `" + stored.flags()
                + "`, or move the keys to the new sealing with `vigil keys migrate`.");
      }
      kek = deriveKek(provider, dataDir, stored);
      if (!record.opensWith(kek)) {
        throw new SealingException(
            SealingException.Reason.WRONG_KEY,
            "cannot unseal the keys in " + dataDir + ": " + provider.wrongKeyHint(dataDir));
      }
    } else {
      if (!sealedFilesIn(keysDir).isEmpty()) {
        throw new SealingException(
            SealingException.Reason.DAMAGED_RECORD,
            recordFile + " is missing but " + keysDir + " holds sealed keys: restore it from a backup"
                + " of the data dir (a new sealing could not open these keys)");
      }
      SealingParameters parameters = provider.initialize(dataDir);
      kek = deriveKek(provider, dataDir, parameters);
      record = SealingRecord.create(parameters, kek, new SecureRandom());
      AtomicFiles.write(recordFile, record.toJson());
      LOG.info("new sealing for {}: {}", dataDir, provider.flags());
    }
    SealedKeyStore store = new SealedKeyStore(keysDir, kek, record.parameters().id());
    store.removeFilesOfDeletedKeys();
    LOG.info("sealed key store {} opened with {}", keysDir, provider.flags());
    return store;
  }

  /**
   * Seals {@code secret} (32 bytes) for {@code pubkey} and clears a tombstone; returns false when
   * this very secret was already sealed for it. The caller guarantees that {@code pubkey} belongs
   * to {@code secret}; a different secret for a key already stored is refused.
   */
  public boolean put(BLSPubkey pubkey, byte[] secret) {
    if (secret == null || secret.length != SealedKeyFile.SECRET_SIZE) {
      throw new IllegalArgumentException(
          "secret must be " + SealedKeyFile.SECRET_SIZE + " bytes, got "
              + (secret == null ? "none" : secret.length));
    }
    synchronized (lockFor(pubkey)) {
      return putLocked(pubkey, secret);
    }
  }

  private boolean putLocked(BLSPubkey pubkey, byte[] secret) {
    Path file = sealedFile(pubkey);
    boolean added = true;
    Optional<byte[]> existing = unsealQuietly(file);
    if (existing.isPresent()) {
      boolean same = Arrays.equals(existing.get(), secret);
      Arrays.fill(existing.get(), (byte) 0);
      if (!same) {
        throw new IllegalArgumentException(
            "a different secret is already sealed for pubkey " + pubkey);
      }
      added = isDeleted(pubkey);
    } else {
      AtomicFiles.write(file, SealedKeyFile.seal(sealingId, pubkey, secret, kek, random));
    }
    AtomicFiles.delete(tombstone(pubkey));
    return added;
  }

  /**
   * Removes the key and records a tombstone so it is not brought back from a keystore found again
   * at a later start (only {@link #put} clears it); returns false when the key was not stored.
   */
  public boolean delete(BLSPubkey pubkey) {
    synchronized (lockFor(pubkey)) {
      if (!contains(pubkey)) {
        return false;
      }
      AtomicFiles.write(tombstone(pubkey), new byte[0]);
      AtomicFiles.delete(sealedFile(pubkey));
      return true;
    }
  }

  /** Whether {@code pubkey} was deleted and not put again since. */
  public boolean isDeleted(BLSPubkey pubkey) {
    return Files.exists(tombstone(pubkey));
  }

  /** Whether {@code pubkey} has a sealed file and is not deleted (the file may still fail to unseal). */
  public boolean contains(BLSPubkey pubkey) {
    return Files.exists(sealedFile(pubkey)) && !isDeleted(pubkey);
  }

  /**
   * How many sealed key files the data dir holds, without opening it (0 when it has no keys dir):
   * the keys a slashing-protection history must exist for.
   */
  public static int sealedFileCount(Path dataDir) {
    Path keysDir = dataDir.resolve(KEYS_DIR);
    return Files.isDirectory(keysDir) ? sealedFilesIn(keysDir).size() : 0;
  }

  /** The public keys that have a sealed file and are not deleted, in ascending byte order. */
  public List<BLSPubkey> list() {
    Set<String> deleted = fileNames(deletedDir);
    List<BLSPubkey> pubkeys = new ArrayList<>();
    for (Path file : sealedFiles()) {
      String hex = hexOf(file);
      if (!deleted.contains(hex)) {
        pubkeyOfName(hex).ifPresent(pubkeys::add);
      }
    }
    pubkeys.sort(null);
    return pubkeys;
  }

  /**
   * Unseals every stored key, reading files in parallel. A file that fails is reported in {@link
   * LoadResult#failures} with its reason and never hides the others.
   */
  public LoadResult loadAll() {
    Set<String> deleted = fileNames(deletedDir);
    List<Outcome> outcomes =
        sealedFiles().parallelStream()
            .filter(file -> !deleted.contains(hexOf(file)))
            .map(this::load)
            .collect(Collectors.toList());
    List<UnsealedKey> keys = new ArrayList<>();
    List<LoadFailure> failures = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      outcome.key().ifPresent(keys::add);
      outcome.failure().ifPresent(failures::add);
    }
    return new LoadResult(keys, failures);
  }

  /**
   * The key an EIP-2335 keystore with this fingerprint was imported as, if it was; also after that
   * key was deleted (see {@link #isDeleted}), so a deleted key's keystore is skipped undecrypted.
   */
  public Optional<BLSPubkey> importedFrom(KeystoreFingerprint fingerprint) {
    Path record = importRecord(fingerprint);
    String content;
    try {
      content = Files.readString(record, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + record, e);
    }
    try {
      return Optional.of(BLSPubkey.fromHex(content));
    } catch (IllegalArgumentException e) {
      // A damaged record only costs decrypting that keystore again.
      LOG.warn("ignoring damaged import record {}: {}", record, e.getMessage());
      return Optional.empty();
    }
  }

  /** Records that the keystore with {@code fingerprint} holds {@code pubkey} (after {@link #put}). */
  public void recordImport(KeystoreFingerprint fingerprint, BLSPubkey pubkey) {
    AtomicFiles.write(
        importRecord(fingerprint), (pubkey.toHexString() + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** What loading one file gave: exactly one of a key and a failure. */
  private record Outcome(Optional<UnsealedKey> key, Optional<LoadFailure> failure) {
    static Outcome loaded(UnsealedKey key) {
      return new Outcome(Optional.of(key), Optional.empty());
    }

    static Outcome failed(Path file, LoadFailure.Reason reason, String problem) {
      return new Outcome(Optional.empty(), Optional.of(new LoadFailure(file, reason, file + ": " + problem)));
    }
  }

  private Outcome load(Path file) {
    String hex = hexOf(file);
    Optional<BLSPubkey> named = pubkeyOfName(hex);
    if (named.isEmpty()) {
      return Outcome.failed(
          file, LoadFailure.Reason.BAD_FILE_NAME, "the file name is not <pubkey hex>" + SEALED_SUFFIX);
    }
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      return Outcome.failed(file, LoadFailure.Reason.UNREADABLE, "cannot read: " + e);
    }
    SealedKeyFile.Header header;
    try {
      header = SealedKeyFile.parseHeader(content);
    } catch (SealedKeyFile.UnknownFormatException e) {
      return Outcome.failed(file, LoadFailure.Reason.UNKNOWN_FORMAT, e.getMessage());
    }
    if (!header.pubkey().equals(named.get())) {
      return Outcome.failed(
          file,
          LoadFailure.Reason.PUBKEY_MISMATCH,
          "holds the key of pubkey " + header.pubkey() + ", not the one its name says");
    }
    if (!header.sealingId().equals(sealingId)) {
      return Outcome.failed(
          file,
          LoadFailure.Reason.OTHER_SEALING,
          "sealed with '" + header.sealingId() + "', this data dir uses '" + sealingId
              + "' (copied from another data dir? move keys with `vigil keys migrate`)");
    }
    try {
      return Outcome.loaded(new UnsealedKey(header.pubkey(), SealedKeyFile.open(content, header, kek)));
    } catch (AEADBadTagException e) {
      return Outcome.failed(
          file,
          LoadFailure.Reason.DAMAGED,
          "authentication failed: the file was altered, or sealed under another key");
    }
  }

  /** The secret sealed in {@code file}, or empty when it is absent or does not unseal. */
  private Optional<byte[]> unsealQuietly(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Outcome outcome = load(file);
    outcome.failure().ifPresent(
        failure -> LOG.warn("replacing a sealed key file that does not unseal: {}", failure.message()));
    return outcome.key().map(UnsealedKey::secret);
  }

  private static SealingRecord readRecord(Path file) {
    try {
      return SealingRecord.parse(Files.readAllBytes(file), file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static SecretKeySpec deriveKek(
      SealingProvider provider, Path dataDir, SealingParameters parameters) {
    byte[] derived = provider.deriveKey(dataDir, parameters);
    try {
      return Aes256Gcm.key(derived);
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  /** Completes deletions a crash interrupted between tombstone and file removal. */
  private void removeFilesOfDeletedKeys() {
    for (String hex : fileNames(deletedDir)) {
      AtomicFiles.delete(keysDir.resolve(hex + SEALED_SUFFIX));
    }
  }

  private List<Path> sealedFiles() {
    return sealedFilesIn(keysDir);
  }

  private static List<Path> sealedFilesIn(Path dir) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SEALED_SUFFIX)) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return files;
  }

  private static Set<String> fileNames(Path dir) {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      Set<String> names = new HashSet<>();
      stream.forEach(path -> names.add(path.getFileName().toString()));
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private Object lockFor(BLSPubkey pubkey) {
    return keyLocks[Math.floorMod(pubkey.hashCode(), keyLocks.length)];
  }

  private Path sealedFile(BLSPubkey pubkey) {
    return keysDir.resolve(bareHex(pubkey) + SEALED_SUFFIX);
  }

  private Path tombstone(BLSPubkey pubkey) {
    return deletedDir.resolve(bareHex(pubkey));
  }

  private Path importRecord(KeystoreFingerprint fingerprint) {
    return importedDir.resolve(Hex.encodeBare(fingerprint.sha256().toArray()));
  }

  private static String bareHex(BLSPubkey pubkey) {
    return Hex.encodeBare(pubkey.toArray());
  }

  private static String hexOf(Path sealedFile) {
    String name = sealedFile.getFileName().toString();
    return name.substring(0, name.length() - SEALED_SUFFIX.length());
  }

  /** The key a sealed or tombstone file name stands for: canonical lower-case hex without 0x only. */
  private static Optional<BLSPubkey> pubkeyOfName(String hex) {
    if (hex.length() != BLSPubkey.SIZE * 2) {
      return Optional.empty();
    }
    try {
      BLSPubkey pubkey = BLSPubkey.fromHex(hex);
      return bareHex(pubkey).equals(hex) ? Optional.of(pubkey) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
