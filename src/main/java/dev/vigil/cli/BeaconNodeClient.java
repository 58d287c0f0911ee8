package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.UInt64;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The few standard beacon-API calls the operator's commands need: genesis, validator indices, the
 * head slot and the voluntary-exit pool. Anything that is not the documented answer is reported as
 * nonsense from the beacon node, in one line.
 */
final class BeaconNodeClient {
  /** Public keys per validators query: 0x + 96 hex digits each keeps the URL well under 8 KiB. */
  private static final int IDS_PER_QUERY = 64;

  private final JsonHttp http;

  BeaconNodeClient(HttpClient client, String url) {
    this.http = new JsonHttp(client, url, "the beacon node", Optional.empty());
  }

  /** GET /eth/v1/beacon/genesis: the chain's genesis validators root. */
  Bytes32 genesisValidatorsRoot() {
    String what = "GET /eth/v1/beacon/genesis";
    JsonNode data = data(http.get("/eth/v1/beacon/genesis"), what);
    try {
      return Bytes32.fromHex(data.path("genesis_validators_root").asText(null));
    } catch (IllegalArgumentException e) {
      throw http.nonsense(what, "genesis_validators_root: " + e.getMessage());
    }
  }

  /** GET /eth/v1/beacon/headers/head: the slot of the head block. */
  long headSlot() {
    String what = "GET /eth/v1/beacon/headers/head";
    JsonNode data = data(http.get("/eth/v1/beacon/headers/head"), what);
    try {
      return UInt64.parse("data.header.message.slot", data.path("header").path("message").path("slot").asText(null));
    } catch (IllegalArgumentException e) {
      throw http.nonsense(what, e.getMessage());
    }
  }

  /**
   * GET /eth/v1/beacon/states/head/validators?id=…: the index of every given key the chain knows
   * (keys without a deposit yet are absent from the map).
   */
  Map<BLSPubkey, Long> validatorIndices(List<BLSPubkey> pubkeys) {
    Map<BLSPubkey, Long> indices = new HashMap<>();
    for (int from = 0; from < pubkeys.size(); from += IDS_PER_QUERY) {
      List<BLSPubkey> batch = pubkeys.subList(from, Math.min(pubkeys.size(), from + IDS_PER_QUERY));
      String ids = batch.stream().map(BLSPubkey::toHexString).collect(Collectors.joining(","));
      String what = "GET /eth/v1/beacon/states/head/validators";
      JsonNode data = data(http.get("/eth/v1/beacon/states/head/validators?id=" + ids), what);
      if (!data.isArray()) {
        throw http.nonsense(what, "data is not an array");
      }
      for (JsonNode validator : data) {
        try {
          BLSPubkey pubkey = BLSPubkey.fromHex(validator.path("validator").path("pubkey").asText(null));
          long index = UInt64.parse("index", validator.path("index").asText(null));
          if (!batch.contains(pubkey)) {
            throw new IllegalArgumentException("validator " + pubkey + " was not asked for");
          }
          indices.put(pubkey, index);
        } catch (IllegalArgumentException e) {
          throw http.nonsense(what, e.getMessage());
        }
      }
    }
    return indices;
  }

  /** POST /eth/v1/beacon/pool/voluntary_exits with one signed exit. */
  void submitVoluntaryExit(String signedExitJson) {
    String what = "POST /eth/v1/beacon/pool/voluntary_exits";
    JsonHttp.Response response = http.send("POST", "/eth/v1/beacon/pool/voluntary_exits", signedExitJson);
    if (!response.ok()) {
      throw http.failure(response, what);
    }
  }

  private JsonNode data(JsonHttp.Response response, String what) {
    if (!response.ok()) {
      throw http.failure(response, what);
    }
    JsonNode data = http.json(response, what).get("data");
    if (data == null || data.isNull()) {
      throw http.nonsense(what, "no \"data\"");
    }
    return data;
  }
}
