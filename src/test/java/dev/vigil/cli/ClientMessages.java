package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Fork;
import dev.vigil.spec.ForkName;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of src/test/resources/client-requests/*-messages.json (made with @lodestar/types, see
 * SOURCES.md there) with their signing roots, and what the client-shape tests share to send them.
 */
final class ClientMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One message: its fork, kind (a signing type), the epoch that chose its domain, its JSON value and root. */
  record Message(String name, ForkName fork, String kind, long epoch, JsonNode value, Bytes32 signingRoot) {}

  /** A messages file: the network's genesis validators root and the messages. */
  record Messages(Bytes32 genesisValidatorsRoot, List<Message> messages) {}

  private ClientMessages() {}

  static Messages load(String file) throws IOException {
    JsonNode json;
    try (InputStream in = ClientMessages.class.getResourceAsStream("/client-requests/" + file)) {
      json = JSON.readTree(in);
    }
    List<Message> messages = new ArrayList<>();
    for (JsonNode entry : json.get("cases")) {
      messages.add(new Message(entry.get("name").asText(), ForkName.parse(entry.get("fork").asText()),
          entry.get("kind").asText(), Long.parseLong(entry.get("epoch").asText()), entry.get("value"),
          Bytes32.fromHex(entry.get("signing_root").asText())));
    }
    return new Messages(Bytes32.fromHex(json.get("genesis_validators_root").asText()), messages);
  }

  /** Adds {"fork_info": {"fork": …, "genesis_validators_root": …}} to a request body. */
  static void putForkInfo(ObjectNode body, Fork fork, Bytes32 genesisValidatorsRoot) {
    ObjectNode forkInfo = body.putObject("fork_info");
    forkInfo.putObject("fork")
        .put("previous_version", fork.previousVersion().toHexString())
        .put("current_version", fork.currentVersion().toHexString())
        .put("epoch", Long.toUnsignedString(fork.epoch()));
    forkInfo.put("genesis_validators_root", genesisValidatorsRoot.toHexString());
  }

  /** Posts a body for test key {@code keyIndex} with Content-Type application/json, and Accept too when asked. */
  static HttpResponse<String> sign(SignerFixture signer, int keyIndex, ObjectNode body, boolean sendsAccept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
            signer.baseUrl() + "/api/v1/eth2/sign/" + SignerFixture.testKey(keyIndex).publicKey().toBytes().toHexString()))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (sendsAccept) {
      request.header("Accept", "application/json");
    }
    return signer.send(request.build());
  }

  /** The signature test key {@code keyIndex} must answer: BLS over the independent root. */
  static String expectedSignature(int keyIndex, Message message) {
    return SignerFixture.testKey(keyIndex).sign(message.signingRoot()).toBytes().toHexString();
  }
}
