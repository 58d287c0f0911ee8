package dev.vigil.signer;

import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.crypto.Eip2335Keystore;
import dev.vigil.keys.KeystoreFingerprint;
import dev.vigil.keys.SealedKeyStore;
import dev.vigil.spec.BLSPubkey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a directory of EIP-2335 keystores into the sealed store at start. Keystores already
 * imported (same content) are not decrypted again; keys deleted through the Keymanager API are not
 * brought back. Decryption (scrypt, about a second each) runs on every core with progress logged.
 */
public final class KeystoreDirectoryImport {
  private static final Logger LOG = LoggerFactory.getLogger(KeystoreDirectoryImport.class);

  /** A keystore that could not be imported, and why. */
  public record Failure(Path file, String reason) {}

  /** What one run did. */
  public record Summary(int found, int imported, int alreadySealed, int deleted, List<Failure> failures) {}

  private final SealedKeyStore sealedKeys;
  private final KeyRing keys;
  private final int threads;

  public KeystoreDirectoryImport(SealedKeyStore sealedKeys, KeyRing keys, int threads) {
    this.sealedKeys = sealedKeys;
    this.keys = keys;
    this.threads = threads;
  }

  /** Imports every {@code *.json} in {@code directory}; {@code passwordFor} gives each file's password. */
  public Summary run(Path directory, Function<Path, String> passwordFor) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).filter(Files::isRegularFile).sorted().toList();
    }
    List<Path> toDecrypt = new ArrayList<>();
    int alreadySealed = 0;
    for (Path file : files) {
      if (sealedKeys.importedFrom(KeystoreFingerprint.of(file)).isPresent()) {
        alreadySealed++;
      } else {
        toDecrypt.add(file);
      }
    }
    if (!toDecrypt.isEmpty()) {
      LOG.info("decrypting {} new keystore(s) from {} on {} thread(s)", toDecrypt.size(), directory, threads);
    }
    List<Failure> failures = new ArrayList<>();
    AtomicInteger done = new AtomicInteger();
    int imported = 0;
    int deleted = 0;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Outcome>> outcomes = new ArrayList<>();
      for (Path file : toDecrypt) {
        outcomes.add(pool.submit(() -> {
          Outcome outcome = importFile(file, passwordFor);
          logProgress(done.incrementAndGet(), toDecrypt.size());
          return outcome;
        }));
      }
      for (int i = 0; i < outcomes.size(); i++) {
        Outcome outcome = outcomes.get(i).get();
        if (outcome.failure() != null) {
          failures.add(outcome.failure());
          LOG.error("keystore {} not imported: {}", outcome.failure().file(), outcome.failure().reason());
        } else if (outcome.deleted()) {
          deleted++;
        } else {
          imported++;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while importing keystores", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("keystore import failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new Summary(files.size(), imported, alreadySealed, deleted, List.copyOf(failures));
  }

  private record Outcome(Failure failure, boolean deleted) {}

  private Outcome importFile(Path file, Function<Path, String> passwordFor) {
    BlsSecretKey secretKey;
    byte[] content;
    try {
      content = Files.readAllBytes(file);
      secretKey = Eip2335Keystore.parse(new String(content, StandardCharsets.UTF_8)).decrypt(passwordFor.apply(file));
    } catch (IOException | RuntimeException e) {
      return new Outcome(new Failure(file, e.getMessage()), false);
    }
    BLSPubkey pubkey = secretKey.publicKey().toBytes();
    if (sealedKeys.isDeleted(pubkey)) {
      LOG.warn("keystore {} holds key {}, deleted through the Keymanager API; not importing it again", file, pubkey);
      secretKey.destroy();
      return new Outcome(null, true);
    }
    byte[] secret = secretKey.toBytes();
    try {
      sealedKeys.put(pubkey, secret);
      sealedKeys.recordImport(KeystoreFingerprint.of(content), pubkey);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    keys.add(pubkey, secretKey);
    return new Outcome(null, false);
  }

  private static void logProgress(int done, int total) {
    if (done == total || done % Math.max(1, total / 10) == 0) {
      LOG.info("keystores decrypted: {}/{}", done, total);
    }
  }
}
