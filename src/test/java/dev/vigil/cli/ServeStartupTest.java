package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.testing.Vectors;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting the signer: keystores at start, sealed keys on restart, bad files reported, bad flags refused. */
class ServeStartupTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEYSTORES = "web3signer/bls-keystore/src/test/resources/tech/pegasys/web3signer/bls/keystore/";
  private static final String EIP_PASSWORD = "𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑";

  @TempDir Path dir;

  /** The web3signer keystore vectors (2 positive, 10 negative) with their password files, laid out as an operator would. */
  private void layOutKeystores(Path keystores, Path passwords) throws Exception {
    Files.createDirectories(keystores);
    Files.createDirectories(passwords);
    try (Stream<Path> files = Files.list(Vectors.path(KEYSTORES))) {
      for (Path file : files.toList()) {
        Files.copy(file, keystores.resolve(file.getFileName()));
        String base = file.getFileName().toString().replace(".json", "");
        Files.writeString(passwords.resolve(base + ".txt"), EIP_PASSWORD + "\n");
      }
    }
    Files.copy(Vectors.path("eip2333-2334-2335-keys/eip2335_scrypt_keystore.json"), keystores.resolve("eip.json"));
    Files.writeString(passwords.resolve("eip"), EIP_PASSWORD);
  }

  @Test
  void keystoresAreImportedOnceAndBadOnesReported() throws Exception {
    Path keystores = dir.resolve("keystores");
    Path passwords = dir.resolve("passwords");
    layOutKeystores(keystores, passwords);
    Path data = dir.resolve("data");
    String[] args = {"--keystores-path", keystores.toString(), "--keystores-passwords-path", passwords.toString()};
    try (SignerFixture signer = SignerFixture.start(data, args)) {
      List<String> listed = JSON.readerForListOf(String.class).readValue(signer.get("/api/v1/eth2/publicKeys").body());
      assertThat(listed).containsExactly(
          "0x9612d7a727c9d0a22e185a1c768478dfe919cada9266988cb32359c11f2b7b27f4ae4040902382ae2910c15e2b420d07");
      HttpResponse<String> health = signer.get("/healthcheck");
      assertThat(health.statusCode()).isEqualTo(503);
      JsonNode errors = JSON.readTree(health.body()).get("checks").get(0).get("data").get("errors");
      assertThat(errors).hasSize(10);
      assertThat(errors.toString()).contains("missingCrypto.json", "v3TestVector.json", "unsupportedKdfFunction.json");
    }
    // Second start: positive keystores were sealed; their passwords are no longer needed.
    try (Stream<Path> files = Files.list(passwords)) {
      for (Path file : files.toList()) {
        Files.writeString(file, "not the password");
      }
    }
    try (SignerFixture signer = SignerFixture.start(data, args)) {
      assertThat(signer.get("/api/v1/eth2/publicKeys").body()).contains("9612d7a727c9");
    }
  }

  @Test
  void oneDamagedSealedKeyIsReportedWhileOthersLoad() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 3);
    Path keysDir = dir.resolve("keys");
    Path victim;
    try (Stream<Path> files = Files.list(keysDir)) {
      victim = files.filter(p -> p.getFileName().toString().contains(keys.get(1).toHexString().substring(2, 20))).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(victim);
    bytes[bytes.length - 5] ^= 1;
    Files.write(victim, bytes);
    try (SignerFixture signer = SignerFixture.start(dir)) {
      assertThat(signer.get("/api/v1/eth2/publicKeys").body()).contains(keys.get(0).toHexString(), keys.get(2).toHexString());
      HttpResponse<String> health = signer.get("/healthcheck");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains(victim.getFileName().toString());
    }
  }

  @Test
  void aSealedKeyFiledUnderAnotherPublicKeyNeverSigns() throws Exception {
    BLSPubkey claimed = SignerFixture.testKey(1).publicKey().toBytes();
    dev.vigil.keys.SealedKeyStore.open(dir, new dev.vigil.keys.FileSealing()).put(claimed, SignerFixture.testKey(2).toBytes());
    try (SignerFixture signer = SignerFixture.start(dir, "--allow-empty-slashing-protection")) {
      HttpResponse<String> response = signer.postJson(
          "/api/v1/eth2/sign/" + claimed.toHexString(), Requests.attestation(1, 2, Requests.root(1)), null);
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).contains("does not belong to that public key");
    }
  }

  @Test
  void wrongSealingPassphraseStopsTheStart() throws Exception {
    Path passphrase = dir.resolve("passphrase.txt");
    Files.writeString(passphrase, "correct horse\n");
    Path data = dir.resolve("data");
    try (SignerFixture signer = SignerFixture.start(data, "--sealing", "passphrase", "--sealing-passphrase-file", passphrase.toString())) {
      assertThat(signer.get("/upcheck").statusCode()).isEqualTo(200);
    }
    Files.writeString(passphrase, "battery staple\n");
    assertThatThrownBy(() -> SignerFixture.start(data, "--sealing", "passphrase", "--sealing-passphrase-file", passphrase.toString()))
        .hasMessageContaining("passphrase");
  }

  @Test
  void secondSignerOnTheSameDataDirIsRefused() throws Exception {
    try (SignerFixture first = SignerFixture.start(dir)) {
      assertThatThrownBy(() -> SignerFixture.start(dir)).hasMessageContaining("in use");
    }
  }

  @Test
  void inconsistentFlagsAreRefusedNamingTheFlag() {
    assertThatThrownBy(() -> SignerFixture.start(dir, "--keystores-path", dir.toString()))
        .hasMessageContaining("--keystores-passwords-path");
    assertThatThrownBy(() -> SignerFixture.start(dir, "--sealing", "vault"))
        .hasMessageContaining("--sealing");
    assertThatThrownBy(() -> SignerFixture.start(dir, "--tls-allow-any-client"))
        .hasMessageContaining("--tls-keystore-file");
  }

  @Test
  void protectionAndKeysSurviveARestart() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 1);
    String path = "/api/v1/eth2/sign/" + keys.get(0).toHexString();
    try (SignerFixture signer = SignerFixture.start(dir)) {
      assertThat(signer.postJson(path, Requests.blockV2(7, Requests.root(1)), null).statusCode()).isEqualTo(200);
    }
    try (SignerFixture signer = SignerFixture.start(dir)) {
      assertThat(signer.postJson(path, Requests.blockV2(7, Requests.root(2)), null).statusCode()).isEqualTo(412);
      assertThat(signer.postJson(path, Requests.blockV2(7, Requests.root(1)), null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metricsAreServedWhenEnabled() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 2);
    try (SignerFixture signer = SignerFixture.start(dir, "--metrics-enabled", "--metrics-port", "0")) {
      // The same epoch for two keys: one message, hashed to the curve once.
      for (BLSPubkey key : keys) {
        signer.postJson("/api/v1/eth2/sign/" + key.toHexString(), Requests.randaoReveal(1, Requests.GVR), null);
      }
      int port = signer.service.metricsPort().orElseThrow();
      String metrics = signer.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build()).body();
      assertThat(metrics)
          .contains("vigil_signings_total{outcome=\"signed\",type=\"RANDAO_REVEAL\"} 2.0")
          .contains("vigil_message_points_total{source=\"computed\"} 1.0")
          .contains("vigil_message_points_total{source=\"reused\"} 1.0")
          .contains("vigil_keys_loaded 2.0")
          .contains("vigil_signing_seconds_bucket")
          .contains("vigil_slashing_protection_seconds");
    }
  }
}
