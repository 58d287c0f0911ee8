package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.crypto.Bls;
import dev.vigil.spec.AttestationData;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Bytes4;
import dev.vigil.spec.Checkpoint;
import dev.vigil.spec.DomainType;
import dev.vigil.spec.Fork;
import dev.vigil.spec.ForkInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The signing routes over HTTP: signatures, negotiation, slashing refusals and every error path. */
class ServeSigningTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static SignerFixture signer;
  private static List<BLSPubkey> keys;

  @BeforeAll
  static void start() throws Exception {
    keys = SignerFixture.sealTestKeys(dir, 8);
    signer = SignerFixture.start(dir);
  }

  @AfterAll
  static void stop() {
    signer.close();
  }

  private static String signPath(BLSPubkey key) {
    return "/api/v1/eth2/sign/" + key.toHexString();
  }

  private static Bytes32 attestationRoot(long source, long target, String blockRoot) {
    AttestationData data = new AttestationData(target * 32, 0, Bytes32.fromHex(blockRoot),
        new Checkpoint(source, Bytes32.fromHex("11".repeat(32))), new Checkpoint(target, Bytes32.fromHex("22".repeat(32))));
    ForkInfo forkInfo = new ForkInfo(new Fork(Bytes4.fromHex("0x00000001"), Bytes4.fromHex("0x00000001"), 0), Bytes32.fromHex(Requests.GVR));
    return forkInfo.signingRoot(data.hashTreeRoot(), DomainType.BEACON_ATTESTER, target);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void attestationIsSignedWithAVerifiableSignatureAsJson() throws Exception {
    BLSPubkey key = keys.get(0);
    HttpResponse<String> response = signer.postJson(signPath(key), Requests.attestation(1, 2, Requests.root(1)), "application/json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
    BLSSignature signature = BLSSignature.fromHex(json(response).get("signature").asText());
    assertThat(Bls.verify(key, attestationRoot(1, 2, Requests.root(1)).toArray(), signature)).isTrue();
  }

  @ParameterizedTest(name = "Accept {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {"*/* | application/json", "application/json | application/json", "text/plain | text/plain", "'' | text/plain"})
  void responseFormatFollowsAccept(String accept, String contentType) throws Exception {
    String body = Requests.randaoReveal(3, Requests.GVR);
    HttpResponse<String> response = signer.postJson(signPath(keys.get(1)), body, accept.isEmpty() ? null : accept);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith(contentType);
    String signature = contentType.equals("text/plain") ? response.body() : json(response).get("signature").asText();
    assertThat(signature).matches("0x[0-9a-f]{192}");
  }

  @Test
  void identicalAttestationIsSignedAgainButADoubleVoteIsRefused() throws Exception {
    BLSPubkey key = keys.get(2);
    String first = Requests.attestation(4, 5, Requests.root(1));
    assertThat(signer.postJson(signPath(key), first, "application/json").statusCode()).isEqualTo(200);
    assertThat(signer.postJson(signPath(key), first, "application/json").statusCode()).isEqualTo(200);

    HttpResponse<String> doubleVote = signer.postJson(signPath(key), Requests.attestation(4, 5, Requests.root(2)), "application/json");
    assertThat(doubleVote.statusCode()).isEqualTo(412);
    assertThat(json(doubleVote).get("code").asInt()).isEqualTo(412);
    assertThat(json(doubleVote).get("message").asText()).contains("double vote").contains("target epoch 5");
  }

  @Test
  void surroundingVoteIsRefused() throws Exception {
    BLSPubkey key = keys.get(3);
    assertThat(signer.postJson(signPath(key), Requests.attestation(5, 6, Requests.root(1)), null).statusCode()).isEqualTo(200);
    assertThat(signer.postJson(signPath(key), Requests.attestation(10, 11, Requests.root(1)), null).statusCode()).isEqualTo(200);
    HttpResponse<String> surround = signer.postJson(signPath(key), Requests.attestation(9, 12, Requests.root(1)), null);
    assertThat(surround.statusCode()).isEqualTo(412);
    assertThat(json(surround).get("message").asText()).contains("surround");
  }

  @Test
  void secondBlockForASlotIsRefused() throws Exception {
    BLSPubkey key = keys.get(4);
    assertThat(signer.postJson(signPath(key), Requests.blockV2(100, Requests.root(7)), null).statusCode()).isEqualTo(200);
    assertThat(signer.postJson(signPath(key), Requests.blockV2(100, Requests.root(7)), null).statusCode()).isEqualTo(200);
    HttpResponse<String> second = signer.postJson(signPath(key), Requests.blockV2(100, Requests.root(8)), null);
    assertThat(second.statusCode()).isEqualTo(412);
    assertThat(json(second).get("message").asText()).contains("double proposal").contains("slot 100");
  }

  @Test
  void anotherChainIsRefusedForSlashableTypesOnly() throws Exception {
    BLSPubkey key = keys.get(5);
    assertThat(signer.postJson(signPath(key), Requests.attestation(20, 21, Requests.root(1)), null).statusCode()).isEqualTo(200);

    HttpResponse<String> otherChain = signer.postJson(signPath(key), Requests.attestation(21, 22, Requests.root(1), Requests.OTHER_GVR), null);
    assertThat(otherChain.statusCode()).isEqualTo(412);
    assertThat(signer.postJson(signPath(key), Requests.blockV2(300, Requests.root(1), Requests.OTHER_GVR), null).statusCode()).isEqualTo(412);
    assertThat(signer.postJson(signPath(key), Requests.randaoReveal(5, Requests.OTHER_GVR), null).statusCode()).isEqualTo(200);
  }

  @Test
  void uint64AboveLongMaxIsAccepted() throws Exception {
    HttpResponse<String> response = signer.postJson(signPath(keys.get(6)), Requests.aggregationSlot("18446744073709551615"), null);
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownKeyIs404() throws Exception {
    BLSPubkey unknown = SignerFixture.testKey(999).publicKey().toBytes();
    HttpResponse<String> response = signer.postJson(signPath(unknown), Requests.randaoReveal(1, Requests.GVR), null);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("message").asText()).contains(unknown.toHexString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing type | {\"fork_info\":{}} | type",
        "unknown type | {\"type\":\"BLOCK_V3\"} | BLOCK_V3",
        "missing attestation | {\"type\":\"ATTESTATION\",\"fork_info\":FORK} | attestation",
        "slot not a number | {\"type\":\"AGGREGATION_SLOT\",\"fork_info\":FORK,\"aggregation_slot\":{\"slot\":\"ten\"}} | aggregation_slot.slot",
        "slot out of range | {\"type\":\"AGGREGATION_SLOT\",\"fork_info\":FORK,\"aggregation_slot\":{\"slot\":\"18446744073709551616\"}} | aggregation_slot.slot",
        "short root | {\"type\":\"SYNC_COMMITTEE_MESSAGE\",\"fork_info\":FORK,\"sync_committee_message\":{\"slot\":\"1\",\"beacon_block_root\":\"0x1234\"}} | sync_committee_message.beacon_block_root",
        "missing fork_info | {\"type\":\"RANDAO_REVEAL\",\"randao_reveal\":{\"epoch\":\"1\"}} | fork_info",
        "not json | {\"type\": | JSON",
      })
  void malformedBodiesGet400NamingTheField(String name, String body, String field) throws Exception {
    HttpResponse<String> response = signer.postJson(signPath(keys.get(7)), body.replace("FORK", Requests.forkInfo(Requests.GVR)), null);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("code").asInt()).isEqualTo(400);
    assertThat(json(response).get("message").asText()).contains(field);
  }

  @Test
  void signingRootThatDoesNotMatchTheBodyIs400() throws Exception {
    String body = Requests.randaoReveal(1, Requests.GVR).replaceFirst("\\{", "{\"signingRoot\":\"" + Requests.root(9) + "\",");
    HttpResponse<String> response = signer.postJson(signPath(keys.get(7)), body, null);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("message").asText()).contains("signingRoot");
  }

  @Test
  void matchingSigningRootInEitherSpellingIsAccepted() throws Exception {
    Bytes32 root = attestationRoot(30, 31, Requests.root(1));
    for (String field : List.of("signing_root", "signingRoot")) {
      String body = Requests.attestation(30, 31, Requests.root(1)).replaceFirst("\\{", "{\"" + field + "\":\"" + root + "\",");
      assertThat(signer.postJson(signPath(keys.get(7)), body, null).statusCode()).as(field).isEqualTo(200);
    }
  }

  @Test
  void malformedPubkeyIs400() throws Exception {
    HttpResponse<String> response = signer.postJson("/api/v1/eth2/sign/0x1234", Requests.randaoReveal(1, Requests.GVR), null);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("message").asText()).contains("pubkey");
  }

  @Test
  void bodyMustBeJson() throws Exception {
    HttpResponse<String> response = signer.send(HttpRequest.newBuilder(URI.create(signer.baseUrl() + signPath(keys.get(0))))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(Requests.randaoReveal(1, Requests.GVR))).build());
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(json(response).get("code").asInt()).isEqualTo(415);
  }

  @Test
  void bodyOver4MiBIs413() throws Exception {
    // The refusal comes from the declared length, before the body is read; sending only the
    // headers keeps the test free of the upload-versus-close race of a real oversized upload.
    try (Socket socket = new Socket("127.0.0.1", signer.service.httpPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + signPath(keys.get(0)) + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + (4 * 1024 * 1024 + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void chunkedBodyOver4MiBIs413() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", signer.service.httpPort())) {
      OutputStream out = socket.getOutputStream();
      Thread upload = new Thread(() -> {
        try {
          out.write(("POST " + signPath(keys.get(0)) + " HTTP/1.1\r\nHost: localhost\r\n"
              + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          byte[] chunk = ("100000\r\n" + " ".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
          for (int i = 0; i < 5; i++) {
            out.write(chunk);
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (java.io.IOException e) {
          // the signer may close the connection once it has answered
        }
      });
      upload.start();
      String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 413");
      upload.join();
    }
  }

  @Test
  void chunkedBodyIsSignedAndTheAnswerDeclaresItsLength() throws Exception {
    byte[] body = Requests.randaoReveal(3, Requests.GVR).getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", signer.service.httpPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + signPath(keys.get(1)) + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Accept: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
          + Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      List<String> answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .lines().toList();
      assertThat(answer.get(0)).startsWith("HTTP/1.1 200");
      assertThat(answer).contains("Content-Type: text/plain", "Content-Length: 194");
      assertThat(answer.get(answer.size() - 1)).matches("0x[0-9a-f]{192}");
    }
  }

  @Test
  void signPathWithAnotherMethodIs405AndWithMoreSegments404() throws Exception {
    HttpResponse<String> get = signer.get(signPath(keys.get(0)));
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(json(get).get("code").asInt()).isEqualTo(405);
    HttpResponse<String> deeper = signer.postJson(signPath(keys.get(0)) + "/more", Requests.randaoReveal(1, Requests.GVR), null);
    assertThat(deeper.statusCode()).isEqualTo(404);
    assertThat(json(deeper).get("code").asInt()).isEqualTo(404);
  }

  @Test
  void signingFromAHostOutsideTheAllowlistIs403() throws Exception {
    byte[] body = Requests.randaoReveal(1, Requests.GVR).getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", signer.service.httpPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + signPath(keys.get(0)) + " HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      List<String> answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .lines().toList();
      assertThat(answer.get(0)).startsWith("HTTP/1.1 403");
      assertThat(JSON.readTree(answer.get(answer.size() - 1)).get("message").asText()).isEqualTo("Host not authorized");
    }
  }

  @Test
  void publicKeysListsEveryLoadedKey() throws Exception {
    HttpResponse<String> response = signer.get("/api/v1/eth2/publicKeys");
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> listed = JSON.readerForListOf(String.class).readValue(response.body());
    assertThat(listed).containsExactlyInAnyOrderElementsOf(keys.stream().map(BLSPubkey::toHexString).toList());
  }

  @Test
  void upcheckAndHealthcheck() throws Exception {
    HttpResponse<String> up = signer.get("/upcheck");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).isEqualTo("OK");
    HttpResponse<String> health = signer.get("/healthcheck");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("status").asText()).isEqualTo("UP");
    assertThat(health.body()).contains("keys-check").contains("slashing-protection-db-check");
  }

  @Test
  void unknownRouteIsAJson404() throws Exception {
    HttpResponse<String> response = signer.get("/api/v1/nothing");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("code").asInt()).isEqualTo(404);
  }

  @Test
  void hostOutsideTheAllowlistIs403() throws Exception {
    assertThat(rawStatus("evil.example:9000")).isEqualTo(403);
    assertThat(rawStatus("localhost:" + signer.service.httpPort())).isEqualTo(200);
  }

  private static int rawStatus(String host) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", signer.service.httpPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /upcheck HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }
}
