package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.crypto.Eip2335Keystore;
import dev.vigil.crypto.KeystoreKdf;
import dev.vigil.keys.FileSealing;
import dev.vigil.keys.SealedKeyStore;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.SlashingProtectionStores;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Keymanager import at a time (each keystore's KDF may cost ~1 s and 256 MiB): while an import
 * holds the lock, another waits at it without having decrypted or added anything. No timing: the
 * test holds the lock itself and waits for the importing thread to be BLOCKED on that monitor.
 */
class KeyManagerImportLockTest {
  @TempDir Path dir;

  @Test
  void anImportWaitsWhileAnotherHoldsTheLock() throws Exception {
    KeyRing keys = new KeyRing();
    try (SlashingProtection protection = SlashingProtectionStores.open(null, dir, PruningPolicy.OFF)) {
      Signer signer = new Signer(keys, protection, Runnable::run, Runnable::run,
          new SigningMetrics(new PrometheusRegistry(), keys::size), FreshnessGuard.NONE);
      KeyManager manager = new KeyManager(keys, signer, SealedKeyStore.open(dir, new FileSealing()), protection);
      BlsSecretKey key = BlsSecretKey.fromInteger(BigInteger.valueOf(4242));
      String keystore = Eip2335Keystore.encrypt(key, "pass", new KeystoreKdf.Pbkdf2(1000), "", "", new SecureRandom()).toJson();
      AtomicReference<List<KeyManager.ImportResult>> results = new AtomicReference<>();
      Thread importer = new Thread(() -> results.set(manager.importKeystores(List.of(keystore), List.of("pass"), Optional.empty(), () -> false)));
      synchronized (manager.importLock) {
        importer.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!blockedOn(importer, manager.importLock) && importer.isAlive() && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        assertThat(blockedOn(importer, manager.importLock)).as("the import waits for the lock").isTrue();
        assertThat(keys.size()).as("nothing imported while another import holds the lock").isZero();
      }
      importer.join();
      assertThat(results.get()).extracting(KeyManager.ImportResult::status).containsExactly(KeyManager.ImportStatus.IMPORTED);
      assertThat(keys.contains(key.publicKey().toBytes())).isTrue();
    }
  }

  /** Whether {@code thread} is BLOCKED entering the monitor of {@code lock} (and no other). */
  private static boolean blockedOn(Thread thread, Object lock) {
    ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.getId());
    return info != null && info.getThreadState() == Thread.State.BLOCKED && info.getLockInfo() != null
        && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(lock);
  }
}
