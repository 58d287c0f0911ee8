package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A running signer seen from the operator's commands: its public keys, the Web3Signer signing route
 * (keys never leave the signer), the Keymanager API and keygen. Every failure is a one-line
 * {@link RemoteCallException}.
 */
final class SignerClient {
  private final JsonHttp http;
  private final int parallelRequests;

  SignerClient(JsonHttp http, int parallelRequests) {
    this.http = http;
    this.parallelRequests = parallelRequests;
  }

  /** GET /api/v1/eth2/publicKeys. */
  List<BLSPubkey> publicKeys() {
    String what = "GET /api/v1/eth2/publicKeys";
    JsonNode body = checked(http.get("/api/v1/eth2/publicKeys"), what);
    if (!body.isArray()) {
      throw http.nonsense(what, "not a JSON array");
    }
    List<BLSPubkey> keys = new ArrayList<>();
    for (JsonNode key : body) {
      keys.add(pubkey(key, what));
    }
    return keys;
  }

  /** POST /api/v1/eth2/sign/{pubkey}: the signature the signer returns, not yet verified. */
  BLSSignature sign(BLSPubkey pubkey, ObjectNode request) {
    String type = request.path("type").asText();
    String what = type + " signing request for " + pubkey;
    JsonHttp.Response response = http.send("POST", "/api/v1/eth2/sign/" + pubkey.toHexString(), request.toString());
    if (response.status() == 404) {
      throw new RemoteCallException(http.who() + " holds no key " + pubkey);
    }
    JsonNode body = checked(response, what);
    try {
      return BLSSignature.fromHex(body.path("signature").asText(null));
    } catch (IllegalArgumentException e) {
      throw http.nonsense(what, "no 96-byte signature (" + e.getMessage() + ")");
    }
  }

  /** GET /eth/v1/keystores: the keys the signer holds (token needed). */
  JsonNode listKeystores() {
    return checked(http.get("/eth/v1/keystores"), "GET /eth/v1/keystores");
  }

  /** POST /eth/v1/keystores: import; the body is the Keymanager request. */
  JsonNode importKeystores(ObjectNode request) {
    return checked(http.send("POST", "/eth/v1/keystores", request.toString()), "POST /eth/v1/keystores");
  }

  /** DELETE /eth/v1/keystores: delete, with the slashing-protection history of the deleted keys. */
  JsonNode deleteKeystores(ObjectNode request) {
    return checked(http.send("DELETE", "/eth/v1/keystores", request.toString()), "DELETE /eth/v1/keystores");
  }

  /** POST /eth/v1/keygen/bls: {@code count} keys generated inside the signer, each with evidence. */
  JsonNode keygen(ObjectNode request) {
    return checked(http.send("POST", "/eth/v1/keygen/bls", request.toString()), "POST /eth/v1/keygen/bls");
  }

  /** The message a bad answer gets, naming the signer. */
  RemoteCallException nonsense(String what, String detail) {
    return http.nonsense(what, detail);
  }

  /**
   * Applies {@code call} to every item with up to --parallel-requests calls in flight, keeping the
   * order; the first failure stops the rest and is thrown as it was.
   */
  <T, R> List<R> inParallel(List<T> items, Function<T, R> call, Progress progress) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelRequests, Math.max(1, items.size())));
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> {
          R result = call.apply(item);
          progress.advance();
          return result;
        }));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteCallException("interrupted while waiting for " + http.who());
    } finally {
      pool.shutdownNow();
    }
  }

  private JsonNode checked(JsonHttp.Response response, String what) {
    if (response.status() == 401) {
      throw new RemoteCallException(http.who() + " requires its API token for " + what + ": give --api-token-file");
    }
    if (response.status() == 403) {
      throw new RemoteCallException(http.who() + " refused the API token from --api-token-file (" + what + ")");
    }
    if (!response.ok()) {
      throw http.failure(response, what);
    }
    return http.json(response, what);
  }

  private BLSPubkey pubkey(JsonNode node, String what) {
    try {
      return BLSPubkey.fromHex(node.asText(null));
    } catch (IllegalArgumentException e) {
      throw http.nonsense(what, "not a public key: " + node);
    }
  }
}
