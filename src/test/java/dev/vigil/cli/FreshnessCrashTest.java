package dev.vigil.cli;

import static dev.vigil.cli.FreshnessWitnesses.witness;
import static dev.vigil.cli.Requests.root;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protection.Decision;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.signer.FreshnessAuth;
import dev.vigil.signer.FreshnessQuorum;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 under load, of the signer and of a witness, at a random moment: every block whose
 * signature was released is afterwards known to the witnesses, so a signer starting from any
 * data dir refuses it.
 */
class FreshnessCrashTest {
  private static final int KEYS = 4;
  private final Random random = new Random();
  private final List<SignerFixture> running = new ArrayList<>();
  private final List<Process> children = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void stopAll() {
    running.forEach(SignerFixture::close);
    children.forEach(Process::destroyForcibly);
  }

  /** Starts {@code vigil serve ARGS…} in a child JVM; returns its base URL. */
  private String startChild(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ServeChild.class.getName(), "--http-listen-port", "0"));
    command.addAll(args);
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    children.add(child);
    BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
    String line;
    while ((line = lines.readLine()) != null && !line.startsWith("PORT ")) {
      // log lines before the port
    }
    assertThat(line).as("child output").isNotNull();
    return "http://127.0.0.1:" + line.substring("PORT ".length()).trim();
  }

  private static void kill(Process child) throws InterruptedException {
    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close
    child.waitFor();
  }

  /**
   * Signs blocks at rising slots for every key from several threads until {@code releases}
   * signatures came back; returns the highest released slot per key (signing goes on meanwhile).
   */
  private Map<String, Long> signUnderLoad(String signerUrl, List<String> keys, int releases, Runnable atTheEnd)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, Long> released = new ConcurrentHashMap<>();
    AtomicInteger count = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (String key : keys) {
      Thread thread = new Thread(() -> {
        for (long slot = 1; count.get() < releases; slot++) {
          try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(signerUrl + "/api/v1/eth2/sign/" + key))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Requests.blockV2(slot, root(1)))).build(),
                HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
              released.merge(key, slot, Math::max);
              count.incrementAndGet();
            }
          } catch (Exception e) {
            return; // the signer was killed
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    while (count.get() < releases) {
      Thread.sleep(1);
    }
    atTheEnd.run();
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    return Map.copyOf(released);
  }

  /** A fresh store with floors from these witnesses refuses another block at every released slot. */
  private void assertEveryReleaseKnown(List<String> witnessUrls, int quorum, Map<String, Long> released) throws Exception {
    Path fresh = Files.createDirectories(dir.resolve("fresh-" + random.nextInt(1_000_000)));
    try (SlashingProtection store = SlashingProtectionStores.open(null, fresh, PruningPolicy.OFF)) {
      Bytes32 gvr = Bytes32.fromHex(Requests.GVR);
      FreshnessQuorum reader = new FreshnessQuorum(witnessUrls.stream().map(URI::create).toList(), quorum,
          FreshnessWitnesses.IDENTITY, gvr, new FreshnessAuth.Token(FreshnessWitnesses.TOKEN), Duration.ofSeconds(5), store);
      assertThat(reader.recover()).isTrue();
      assertThat(released).hasSize(KEYS);
      released.forEach((key, slot) -> assertThat(store.checkAndRecordBlock(BLSPubkey.fromHex(key), slot,
          Bytes32.fromHex(root(9)), gvr)).as(key + " slot " + slot).isInstanceOf(Decision.Refused.class));
    }
  }

  @Test
  void signerKilledUnderLoadLosesNoAcknowledgedHigh() throws Exception {
    List<String> witnessUrls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SignerFixture witness = witness(dir.resolve("witness-" + i));
      running.add(witness);
      witnessUrls.add(witness.baseUrl());
    }
    Path signerDir = dir.resolve("signer");
    List<String> keys = SignerFixture.sealTestKeys(signerDir, KEYS).stream().map(BLSPubkey::toHexString).toList();
    String signerUrl = startChild(withDataDir(signerDir, FreshnessWitnesses.signerArgs(signerDir, Requests.GVR, witnessUrls)));
    FreshnessWitnesses.awaitReady(signerUrl);
    Process signer = children.get(children.size() - 1);
    Map<String, Long> released = signUnderLoad(signerUrl, keys, 40 + random.nextInt(200), () -> {
      try {
        kill(signer);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertEveryReleaseKnown(witnessUrls, 2, released);
  }

  @Test
  void witnessKilledUnderLoadLosesNoAcknowledgedHigh() throws Exception {
    Path witnessDir = Files.createDirectories(dir.resolve("child-witness"));
    Path tokens = witnessDir.resolve("witness-tokens.txt");
    Files.writeString(tokens, FreshnessWitnesses.IDENTITY + " " + FreshnessWitnesses.TOKEN + "\n");
    String[] witnessArgs = {"--data-dir", witnessDir.toString(), "--freshness-witness-tokens-file", tokens.toString()};
    String childUrl = startChild(List.of(witnessArgs));
    Process witness = children.get(children.size() - 1);
    Path signerDir = dir.resolve("signer");
    List<String> keys = SignerFixture.sealTestKeys(signerDir, KEYS).stream().map(BLSPubkey::toHexString).toList();
    // Quorum 1 of 1: every released signature was acknowledged by the witness that is killed.
    SignerFixture signer = SignerFixture.start(signerDir,
        FreshnessWitnesses.signerArgs(signerDir, Requests.GVR, List.of(childUrl)));
    running.add(signer);
    FreshnessWitnesses.awaitReady(signer);
    Map<String, Long> released = signUnderLoad(signer.baseUrl(), keys, 40 + random.nextInt(200), () -> {
      try {
        kill(witness);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    String restarted = startChild(List.of(witnessArgs));
    assertEveryReleaseKnown(List.of(restarted), 1, released);
  }

  private static List<String> withDataDir(Path dataDir, String[] args) {
    List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
    all.addAll(List.of(args));
    return all;
  }
}
