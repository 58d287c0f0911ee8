package dev.vigil.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A beacon node on 127.0.0.1 answering the four standard routes the operator's commands use, from
 * fixed data; or, when {@code nonsense}, answering every route with an HTML page.
 */
final class FakeBeaconNode implements AutoCloseable {
  final Map<BLSPubkey, Long> validators = new ConcurrentHashMap<>();
  final List<String> submittedExits = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final Bytes32 genesisValidatorsRoot;
  private final long headSlot;
  private final boolean nonsense;

  FakeBeaconNode(Bytes32 genesisValidatorsRoot, long headSlot, boolean nonsense) throws IOException {
    this.genesisValidatorsRoot = genesisValidatorsRoot;
    this.headSlot = headSlot;
    this.nonsense = nonsense;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (nonsense) {
      respond(exchange, 200, "<html><body>It works!</body></html>");
      return;
    }
    switch (path) {
      case "/eth/v1/beacon/genesis" -> respond(exchange, 200, """
          {"data":{"genesis_time":"1606824023","genesis_validators_root":"%s","genesis_fork_version":"0x00000000"}}"""
          .formatted(genesisValidatorsRoot));
      case "/eth/v1/beacon/headers/head" -> respond(exchange, 200, """
          {"execution_optimistic":false,"finalized":false,"data":{"root":"0x%s","canonical":true,
           "header":{"message":{"slot":"%d","proposer_index":"1","parent_root":"0x%s","state_root":"0x%s","body_root":"0x%s"},
           "signature":"0x%s"}}}""".formatted("11".repeat(32), headSlot, "22".repeat(32), "33".repeat(32), "44".repeat(32), "55".repeat(96)));
      case "/eth/v1/beacon/states/head/validators" -> respond(exchange, 200, validatorsAnswer(exchange.getRequestURI().getRawQuery()));
      case "/eth/v1/beacon/pool/voluntary_exits" -> {
        submittedExits.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        respond(exchange, 200, "");
      }
      default -> respond(exchange, 404, "{\"code\":404,\"message\":\"no such route\"}");
    }
  }

  private String validatorsAnswer(String query) {
    List<String> entries = new ArrayList<>();
    String ids = URLDecoder.decode(query.replaceFirst("^id=", ""), StandardCharsets.UTF_8);
    for (String id : ids.split(",")) {
      Long index = validators.get(BLSPubkey.fromHex(id));
      if (index != null) {
        entries.add("""
            {"index":"%d","balance":"32000000000","status":"active_ongoing","validator":{"pubkey":"%s",
             "withdrawal_credentials":"0x%s","effective_balance":"32000000000","slashed":false,
             "activation_eligibility_epoch":"0","activation_epoch":"0","exit_epoch":"18446744073709551615",
             "withdrawable_epoch":"18446744073709551615"}}""".formatted(index, BLSPubkey.fromHex(id), "00".repeat(32)));
      }
    }
    return "{\"execution_optimistic\":false,\"finalized\":false,\"data\":[" + String.join(",", entries) + "]}";
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", body.startsWith("<") ? "text/html" : "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
