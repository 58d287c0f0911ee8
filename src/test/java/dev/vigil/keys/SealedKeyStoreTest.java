package dev.vigil.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedKeyStoreTest {
  @TempDir Path dataDir;

  private final Random random = new Random(7);

  @Test
  void keysPutAreLoadedAfterReopen() {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    BLSPubkey first = pubkey();
    BLSPubkey second = pubkey();
    byte[] firstSecret = secret();
    byte[] secondSecret = secret();
    assertThat(store.put(first, firstSecret)).isTrue();
    assertThat(store.put(second, secondSecret)).isTrue();

    SealedKeyStore reopened = SealedKeyStore.open(dataDir, new FileSealing());
    assertThat(reopened.list()).containsExactlyElementsOf(Stream.of(first, second).sorted().toList());
    assertThat(reopened.contains(first)).isTrue();
    try (LoadResult loaded = reopened.loadAll()) {
      assertThat(loaded.failures()).isEmpty();
      assertThat(loaded.keys()).hasSize(2);
      for (UnsealedKey key : loaded.keys()) {
        assertThat(key.secret()).isEqualTo(key.pubkey().equals(first) ? firstSecret : secondSecret);
      }
    }
  }

  @Test
  void closingTheLoadResultWipesTheSecrets() {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    store.put(pubkey(), secret());
    LoadResult loaded = store.loadAll();
    byte[] secret = loaded.keys().get(0).secret();
    loaded.close();
    assertThat(secret).containsOnly(0);
  }

  @Test
  void anUnsealedKeyNeverPrintsItsSecret() {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    BLSPubkey pubkey = pubkey();
    byte[] secret = secret();
    store.put(pubkey, secret);
    try (LoadResult loaded = store.loadAll()) {
      String printed = loaded.toString() + loaded.keys().get(0);
      assertThat(printed).contains(pubkey.toHexString()).doesNotContain(Hex.encodeBare(secret));
    }
  }

  @Test
  void putIsIdempotentForTheSameKey() {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    BLSPubkey pubkey = pubkey();
    byte[] secret = secret();
    assertThat(store.put(pubkey, secret)).isTrue();
    assertThat(store.put(pubkey, secret.clone())).isFalse();
    assertThat(store.list()).containsExactly(pubkey);
  }

  @Test
  void concurrentPutsOfTheSameKeysAddEachKeyOnce() throws Exception {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    List<BLSPubkey> pubkeys = Stream.generate(this::pubkey).limit(40).toList();
    List<byte[]> secrets = Stream.generate(this::secret).limit(40).toList();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Integer>> added = new java.util.ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        added.add(pool.submit(() -> {
          int count = 0;
          for (int i = 0; i < pubkeys.size(); i++) {
            count += store.put(pubkeys.get(i), secrets.get(i).clone()) ? 1 : 0;
          }
          return count;
        }));
      }
      int total = 0;
      for (java.util.concurrent.Future<Integer> count : added) {
        total += count.get();
      }
      assertThat(total).isEqualTo(pubkeys.size());
    } finally {
      pool.shutdown();
    }
    try (LoadResult loaded = store.loadAll()) {
      assertThat(loaded.failures()).isEmpty();
      assertThat(loaded.keys()).hasSize(pubkeys.size());
    }
  }

  @Test
  void putRefusesAnotherSecretForAStoredKey() {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    BLSPubkey pubkey = pubkey();
    store.put(pubkey, secret());
    assertThatThrownBy(() -> store.put(pubkey, secret()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different secret");
  }

  @Test
  void putRefusesASecretThatIsNot32Bytes() {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    assertThatThrownBy(() -> store.put(pubkey(), new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret must be 32 bytes");
  }

  @Test
  void putReplacesAFileThatNoLongerUnseals() throws IOException {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    BLSPubkey pubkey = pubkey();
    byte[] secret = secret();
    store.put(pubkey, secret);
    flipLastBit(keyFile(pubkey));
    assertThat(store.put(pubkey, secret)).isTrue();
    try (LoadResult loaded = store.loadAll()) {
      assertThat(loaded.failures()).isEmpty();
      assertThat(loaded.keys()).singleElement().satisfies(key -> assertThat(key.secret()).isEqualTo(secret));
    }
  }

  @Test
  void deletedKeysStayDeletedAfterReopenUntilPutAgain() {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    BLSPubkey kept = pubkey();
    BLSPubkey deleted = pubkey();
    byte[] secret = secret();
    store.put(kept, secret());
    store.put(deleted, secret);
    assertThat(store.delete(deleted)).isTrue();
    assertThat(store.delete(deleted)).isFalse();
    assertThat(Files.exists(keyFile(deleted))).isFalse();

    SealedKeyStore reopened = SealedKeyStore.open(dataDir, new FileSealing());
    assertThat(reopened.isDeleted(deleted)).isTrue();
    assertThat(reopened.isDeleted(kept)).isFalse();
    assertThat(reopened.contains(deleted)).isFalse();
    assertThat(reopened.list()).containsExactly(kept);
    try (LoadResult loaded = reopened.loadAll()) {
      assertThat(loaded.keys()).extracting(UnsealedKey::pubkey).containsExactly(kept);
    }

    assertThat(reopened.put(deleted, secret)).isTrue();
    assertThat(SealedKeyStore.open(dataDir, new FileSealing()).isDeleted(deleted)).isFalse();
    assertThat(reopened.list()).contains(deleted);
  }

  @Test
  void deletingAnUnknownKeyLeavesNoTombstone() {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    BLSPubkey unknown = pubkey();
    assertThat(store.delete(unknown)).isFalse();
    assertThat(store.isDeleted(unknown)).isFalse();
  }

  @Test
  void aDeletionInterruptedByACrashIsCompletedAtOpen() throws IOException {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    BLSPubkey pubkey = pubkey();
    store.put(pubkey, secret());
    byte[] sealed = Files.readAllBytes(keyFile(pubkey));
    store.delete(pubkey);
    Files.write(keyFile(pubkey), sealed); // as if the crash came between tombstone and removal

    SealedKeyStore reopened = SealedKeyStore.open(dataDir, new FileSealing());
    assertThat(Files.exists(keyFile(pubkey))).isFalse();
    assertThat(reopened.list()).isEmpty();
  }

  @Test
  void eachDamagedFileIsReportedWithItsReasonWhileTheOthersLoad() throws IOException {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    BLSPubkey good = pubkey();
    BLSPubkey flipped = pubkey();
    BLSPubkey truncated = pubkey();
    BLSPubkey renamed = pubkey();
    BLSPubkey renamedTo = pubkey();
    BLSPubkey unknownFormat = pubkey();
    BLSPubkey headerForged = pubkey();
    for (BLSPubkey pubkey : List.of(good, flipped, truncated, renamed, unknownFormat, headerForged)) {
      store.put(pubkey, secret());
    }
    flipLastBit(keyFile(flipped));
    byte[] content = Files.readAllBytes(keyFile(truncated));
    Files.write(keyFile(truncated), java.util.Arrays.copyOf(content, content.length - 1));
    Files.move(keyFile(renamed), keyFile(renamedTo));
    content = Files.readAllBytes(keyFile(unknownFormat));
    content[4] = 2; // format version
    Files.write(keyFile(unknownFormat), content);
    // A consistent name and header with another pubkey: only the associated data catches it.
    content = Files.readAllBytes(keyFile(headerForged));
    Files.delete(keyFile(headerForged));
    BLSPubkey forged = pubkey();
    forged.copyTo(content, content.length - 60 - BLSPubkey.SIZE);
    Files.write(keyFile(forged), content);
    Files.writeString(dataDir.resolve("keys/not-a-key.sealed"), "x");

    try (LoadResult loaded = SealedKeyStore.open(dataDir, new FileSealing()).loadAll()) {
      assertThat(loaded.keys()).extracting(UnsealedKey::pubkey).containsExactly(good);
      assertThat(loaded.failures())
          .extracting(failure -> failure.file().getFileName().toString(), LoadFailure::reason)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(name(flipped), LoadFailure.Reason.DAMAGED),
              org.assertj.core.groups.Tuple.tuple(name(truncated), LoadFailure.Reason.UNKNOWN_FORMAT),
              org.assertj.core.groups.Tuple.tuple(name(renamedTo), LoadFailure.Reason.PUBKEY_MISMATCH),
              org.assertj.core.groups.Tuple.tuple(name(unknownFormat), LoadFailure.Reason.UNKNOWN_FORMAT),
              org.assertj.core.groups.Tuple.tuple(name(forged), LoadFailure.Reason.DAMAGED),
              org.assertj.core.groups.Tuple.tuple("not-a-key.sealed", LoadFailure.Reason.BAD_FILE_NAME));
      assertThat(loaded.failures())
          .allSatisfy(failure -> assertThat(failure.message()).contains(failure.file().toString()));
    }
  }

  @Test
  void aFileSealedWithAnotherProviderIsReportedAsOtherSealing(@TempDir Path otherDir) throws IOException {
    Path passphrase = Files.writeString(otherDir.resolve("passphrase.txt"), "pass");
    SealedKeyStore other =
        SealedKeyStore.open(otherDir.resolve("data"), new PassphraseSealing(passphrase, 1 << 10));
    BLSPubkey pubkey = pubkey();
    other.put(pubkey, secret());
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    Files.copy(otherDir.resolve("data/keys").resolve(name(pubkey)), keyFile(pubkey));

    try (LoadResult loaded = store.loadAll()) {
      assertThat(loaded.failures()).singleElement().satisfies(failure -> {
        assertThat(failure.reason()).isEqualTo(LoadFailure.Reason.OTHER_SEALING);
        assertThat(failure.message()).contains("'passphrase'", "vigil keys migrate");
      });
    }
  }

  @Test
  void writesLeaveNoTemporaryFilesAndLeftoversFromACrashAreIgnoredAndRemoved() throws IOException {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    BLSPubkey pubkey = pubkey();
    store.put(pubkey, secret());
    store.delete(pubkey());
    store.recordImport(KeystoreFingerprint.of(new byte[] {1}), pubkey);
    assertThat(temporaryFiles()).isEmpty();

    Path leftover = dataDir.resolve("keys").resolve("." + name(pubkey()) + ".1234" + AtomicFiles.TEMP_SUFFIX);
    Files.write(leftover, new byte[] {1, 2, 3});
    try (LoadResult loaded = store.loadAll()) {
      assertThat(loaded.failures()).isEmpty();
      assertThat(loaded.keys()).hasSize(1);
    }
    SealedKeyStore.open(dataDir, new FileSealing());
    assertThat(leftover).doesNotExist();
  }

  @Test
  void keyFilesAndDirectoriesAreOwnerOnly() throws IOException {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    BLSPubkey pubkey = pubkey();
    store.put(pubkey, secret());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile(pubkey))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("keys"))))
        .isEqualTo("rwx------");
  }

  @Test
  void keyFilesAreNamedByPubkeyAndHoldNoSecretInClear() throws IOException {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    BLSPubkey pubkey = pubkey();
    byte[] secret = secret();
    store.put(pubkey, secret);
    String content = Hex.encodeBare(Files.readAllBytes(keyFile(pubkey)));
    assertThat(content).contains(Hex.encodeBare(pubkey.toArray())).doesNotContain(Hex.encodeBare(secret));
  }

  @Test
  void importRecordsSurviveReopen() {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    KeystoreFingerprint imported = KeystoreFingerprint.of("{\"crypto\":1}".getBytes());
    KeystoreFingerprint other = KeystoreFingerprint.of("{\"crypto\":2}".getBytes());
    BLSPubkey pubkey = pubkey();
    store.put(pubkey, secret());
    store.recordImport(imported, pubkey);

    SealedKeyStore reopened = SealedKeyStore.open(dataDir, new FileSealing());
    assertThat(reopened.importedFrom(imported)).contains(pubkey);
    assertThat(reopened.importedFrom(other)).isEmpty();
  }

  @Test
  void aKeystoreFingerprintIsTheSha256OfTheFile(@TempDir Path dir) throws IOException {
    Path keystore = Files.writeString(dir.resolve("keystore.json"), "abc");
    assertThat(KeystoreFingerprint.of(keystore).sha256().toHexString())
        .isEqualTo("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void aDamagedImportRecordCountsAsNotImported() throws IOException {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    KeystoreFingerprint fingerprint = KeystoreFingerprint.of(new byte[] {9});
    store.recordImport(fingerprint, pubkey());
    Path record = dataDir.resolve("keys/imported").resolve(Hex.encodeBare(fingerprint.sha256().toArray()));
    Files.writeString(record, "0x12");
    assertThat(store.importedFrom(fingerprint)).isEmpty();
  }

  @Test
  void keysWithoutTheirSealingRecordAreRefused() throws IOException {
    SealedKeyStore.open(dataDir, new FileSealing()).put(pubkey(), secret());
    Files.delete(dataDir.resolve("sealing.json"));
    assertThatThrownBy(() -> SealedKeyStore.open(dataDir, new FileSealing()))
        .isInstanceOfSatisfying(SealingException.class,
            e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.DAMAGED_RECORD))
        .hasMessageContaining("sealing.json is missing");
  }

  @Test
  void aDamagedSealingRecordIsRefusedNamingTheField() throws IOException {
    SealedKeyStore.open(dataDir, new FileSealing());
    Path record = dataDir.resolve("sealing.json");
    Files.writeString(record, Files.readString(record).replace("\"check\"", "\"chek\""));
    assertThatThrownBy(() -> SealedKeyStore.open(dataDir, new FileSealing()))
        .isInstanceOfSatisfying(SealingException.class,
            e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.DAMAGED_RECORD))
        .hasMessageContaining("'check'");
  }

  private List<Path> temporaryFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dataDir)) {
      return files.filter(file -> file.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList();
    }
  }

  private Path keyFile(BLSPubkey pubkey) {
    return dataDir.resolve("keys").resolve(name(pubkey));
  }

  private static String name(BLSPubkey pubkey) {
    return Hex.encodeBare(pubkey.toArray()) + ".sealed";
  }

  private static void flipLastBit(Path file) throws IOException {
    byte[] content = Files.readAllBytes(file);
    content[content.length - 1] ^= 1;
    Files.write(file, content);
  }

  private BLSPubkey pubkey() {
    byte[] bytes = new byte[BLSPubkey.SIZE];
    random.nextBytes(bytes);
    return new BLSPubkey(bytes);
  }

  private byte[] secret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return bytes;
  }
}
