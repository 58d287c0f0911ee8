package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.crypto.Eip2334;
import dev.vigil.crypto.Eip2335Keystore;
import dev.vigil.crypto.KeystoreKdf;
import dev.vigil.keys.FileSealing;
import dev.vigil.keys.LoadResult;
import dev.vigil.keys.SealedKeyStore;
import dev.vigil.keys.UnsealedKey;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import dev.vigil.testing.LogCapture;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §4: a signer's secrets (secret keys, the KEK of file sealing, keystore passwords and
 * ciphertexts, API tokens) appear in no log line, error body, healthcheck, metrics or temporary
 * file, through a Keymanager import (also with a wrong password), keygen, signing and a migration
 * between two running signers.
 */
class SecretsNotLoggedTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct-horse-battery-staple-7c1e";

  @TempDir Path oldDir;
  @TempDir Path newDir;

  private static HttpResponse<String> post(SignerFixture signer, String path, String body) throws Exception {
    return signer.send(HttpRequest.newBuilder(URI.create(signer.baseUrl() + path))
        .header("Authorization", "Bearer " + signer.apiToken())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static String importBody(String keystore, String password) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("keystores").add(keystore);
    body.putArray("passwords").add(password);
    return body.toString();
  }

  private static String metrics(SignerFixture signer) throws Exception {
    int port = signer.service.metricsPort().orElseThrow();
    return signer.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build()).body();
  }

  /** The secret keys sealed in a data dir, unsealed here with the data dir's file KEK. */
  private static List<byte[]> sealedSecrets(Path dataDir) {
    List<byte[]> secrets = new ArrayList<>();
    try (LoadResult loaded = SealedKeyStore.open(dataDir, new FileSealing()).loadAll()) {
      for (UnsealedKey key : loaded.keys()) {
        secrets.add(key.secret().clone());
      }
    }
    return secrets;
  }

  /** A secret as it could be printed: hex with and without 0x (any case is matched), base64, a decimal integer. */
  private static List<String> spellings(byte[] secret) {
    return List.of(Hex.encodeBare(secret), Base64.getEncoder().encodeToString(secret), new BigInteger(1, secret).toString());
  }

  @Test
  void noSecretInLogsErrorsHealthMetricsOrTemporaryFiles() throws Exception {
    Instant started = Instant.now();
    BlsSecretKey imported = BlsSecretKey.fromInteger(new BigInteger(250, new SecureRandom()).add(BigInteger.ONE));
    String keystore = Eip2335Keystore.encrypt(imported, PASSWORD, new KeystoreKdf.Pbkdf2(2), Eip2334.signingKeyPath(0), "",
        new SecureRandom()).toJson();
    String keystoreCiphertext = JSON.readTree(keystore).at("/crypto/cipher/message").asText();
    List<String> exposed = new ArrayList<>();
    List<String> tokens = new ArrayList<>();

    try (LogCapture log = LogCapture.capture()) {
      try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration", "--metrics-enabled", "--metrics-port", "0");
          SignerFixture newSigner = SignerFixture.start(newDir)) {
        tokens.add(oldSigner.apiToken());
        tokens.add(newSigner.apiToken());
        HttpResponse<String> wrongPassword = post(oldSigner, "/eth/v1/keystores", importBody(keystore, PASSWORD + "x"));
        exposed.add(wrongPassword.body());
        assertThat(JSON.readTree(wrongPassword.body()).at("/data/0/status").asText()).isEqualTo("error");
        assertThat(JSON.readTree(post(oldSigner, "/eth/v1/keystores", importBody(keystore, PASSWORD)).body())
            .at("/data/0/status").asText()).isEqualTo("imported");
        exposed.add(post(oldSigner, "/eth/v1/keystores", "{\"keystores\":[\"" + PASSWORD + "\"],\"passwords\":[]}").body());
        HttpResponse<String> generated = post(oldSigner, "/eth/v1/keygen/bls", "{\"count\":2}");
        assertThat(generated.statusCode()).isEqualTo(200);
        BLSPubkey importedKey = imported.publicKey().toBytes();
        assertThat(oldSigner.postJson("/api/v1/eth2/sign/" + importedKey, Requests.attestation(1, 2, Requests.root(1)), null)
            .statusCode()).isEqualTo(200);
        HttpResponse<String> wrongToken = oldSigner.send(HttpRequest.newBuilder(URI.create(oldSigner.baseUrl() + "/eth/v1/keystores"))
            .header("Authorization", "Bearer " + newSigner.apiToken()).GET().build());
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        exposed.add(wrongToken.body());

        JsonNode offer = JSON.readTree(post(newSigner, "/eth/v1/migration/offer", "{\"nonce\":\"0x01\"}").body());
        ObjectNode exportRequest = JSON.createObjectNode();
        exportRequest.set("offer", offer);
        exportRequest.put("allow_insecure", true);
        HttpResponse<String> exported = post(oldSigner, "/eth/v1/migration/export", exportRequest.toString());
        assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
        String migrationPackage = JSON.readTree(exported.body()).get("package").toString();
        HttpResponse<String> importedPackage = post(newSigner, "/eth/v1/migration/import", migrationPackage);
        assertThat(importedPackage.statusCode()).as(importedPackage.body()).isEqualTo(200);
        exposed.add(importedPackage.body());
        exposed.add(post(newSigner, "/eth/v1/migration/import", migrationPackage).body());
        exposed.add(oldSigner.get("/healthcheck").body());
        exposed.add(newSigner.get("/healthcheck").body());
        exposed.add(metrics(oldSigner));
      }
      exposed.add(log.text());
    }
    exposed.addAll(temporaryFilesSince(started));
    for (Path dataDir : List.of(oldDir, newDir)) {
      try (Stream<Path> entries = Files.walk(dataDir)) {
        assertThat(entries.map(Path::toString)).as("temporary files left in the data dir")
            .noneMatch(name -> name.endsWith(".tmp") || name.endsWith(".vigil-tmp"));
      }
    }

    List<String> secrets = new ArrayList<>(List.of(PASSWORD, keystoreCiphertext));
    secrets.addAll(tokens);
    List<byte[]> keys = sealedSecrets(newDir);
    assertThat(keys).as("the imported key and both generated ones moved").hasSize(3);
    keys.add(imported.toBytes());
    keys.add(Files.readAllBytes(oldDir.resolve("sealing.key")));
    keys.add(Files.readAllBytes(newDir.resolve("sealing.key")));
    keys.forEach(key -> secrets.addAll(spellings(key)));
    String everything = String.join("\n", exposed).toLowerCase(java.util.Locale.ROOT);
    assertThat(everything).contains("imported", "vigil ready");
    for (String secret : secrets) {
      assertThat(everything).as("a secret of %d characters appears", secret.length())
          .doesNotContain(secret.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /**
   * The contents of the small regular files written directly in java.io.tmpdir since {@code since}
   * (the signer's own temporary files are made in its data dir, checked separately).
   */
  private static List<String> temporaryFilesSince(Instant since) throws Exception {
    List<String> contents = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      for (Path file : (Iterable<Path>) entries::iterator) {
        try {
          if (Files.isRegularFile(file) && Files.isReadable(file) && Files.size(file) < (1 << 20)
              && Files.getLastModifiedTime(file).toInstant().isAfter(since)) {
            contents.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
          }
        } catch (java.io.IOException vanished) {
          // another process's temporary file, gone meanwhile
        }
      }
    }
    return contents;
  }
}
