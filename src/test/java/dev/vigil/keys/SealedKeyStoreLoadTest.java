package dev.vigil.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads 10,000 sealed keys and prints how long it took (the brief asks for well under 3 s on two
 * cores); figures are printed, never asserted.
 */
class SealedKeyStoreLoadTest {
  private static final int KEYS = 10_000;
  private static final int PUTS = 200;

  @TempDir Path dataDir;

  @Test
  void loads10000SealedKeys() throws IOException {
    SealedKeyStore.open(dataDir, new FileSealing());
    // Written here without the per-key fsyncs of put, which would make this test take half a minute.
    SecretKeySpec kek = Aes256Gcm.key(Files.readAllBytes(dataDir.resolve("sealing.key")));
    SecureRandom nonces = new SecureRandom();
    Random random = new Random(1);
    for (int i = 0; i < KEYS; i++) {
      BLSPubkey pubkey = randomPubkey(random);
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      Files.write(
          dataDir.resolve("keys").resolve(Hex.encodeBare(pubkey.toArray()) + ".sealed"),
          SealedKeyFile.seal("file", pubkey, secret, kek, nonces));
    }

    long openStart = System.nanoTime();
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    long loadStart = System.nanoTime();
    try (LoadResult loaded = store.loadAll()) {
      long loadNanos = System.nanoTime() - loadStart;
      System.out.printf(
          "sealed key store: open %.3f s, loadAll of %d keys %.3f s (%.1f µs per key, %d cores)%n",
          (loadStart - openStart) / 1e9, KEYS, loadNanos / 1e9, loadNanos / 1e3 / KEYS,
          Runtime.getRuntime().availableProcessors());
      assertThat(loaded.failures()).isEmpty();
      assertThat(loaded.keys()).hasSize(KEYS);
    }
  }

  @Test
  void putIsDurablePerKey() {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    Random random = new Random(2);
    long start = System.nanoTime();
    for (int i = 0; i < PUTS; i++) {
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      store.put(randomPubkey(random), secret);
    }
    long nanos = System.nanoTime() - start;
    System.out.printf("sealed key store: put %.2f ms per key (write, fsync, rename, fsync dir)%n", nanos / 1e6 / PUTS);
    assertThat(store.list()).hasSize(PUTS);
  }

  private static BLSPubkey randomPubkey(Random random) {
    byte[] pubkey = new byte[BLSPubkey.SIZE];
    random.nextBytes(pubkey);
    return new BLSPubkey(pubkey);
  }
}
