package dev.vigil.cli.bench;

import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.keys.FileSealing;
import dev.vigil.keys.SealedKeyStore;
import dev.vigil.spec.BLSPubkey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Fresh random keys sealed into a data dir (file sealing), as `vigil serve` will find them at start. */
public final class BenchKeys {
  private BenchKeys() {}

  /** Generates and seals {@code count} keys on {@code threads} threads; returns their public keys. */
  public static List<BLSPubkey> seal(Path dataDir, int count, int threads) throws InterruptedException {
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<BLSPubkey>> futures = new ArrayList<>();
      SecureRandom random = new SecureRandom();
      for (int i = 0; i < count; i++) {
        futures.add(pool.submit(() -> {
          try (BlsSecretKey key = BlsSecretKey.generate(random)) {
            byte[] secret = key.toBytes();
            try {
              BLSPubkey pubkey = key.publicKey().toBytes();
              store.put(pubkey, secret);
              return pubkey;
            } finally {
              Arrays.fill(secret, (byte) 0);
            }
          }
        }));
      }
      List<BLSPubkey> pubkeys = new ArrayList<>(count);
      for (Future<BLSPubkey> future : futures) {
        pubkeys.add(future.get());
      }
      return pubkeys;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot seal bench keys in " + dataDir + ": " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
