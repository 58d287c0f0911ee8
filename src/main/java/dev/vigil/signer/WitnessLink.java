package dev.vigil.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.attestation.BoundedBodyHandler;
import dev.vigil.protection.Highs;
import dev.vigil.signer.FreshnessEnvelope.Direction;
import dev.vigil.signer.FreshnessMessage.Kind;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.InputEcho;
import dev.vigil.spec.json.BoundedJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A signer's channel to one freshness witness. Highs to acknowledge are queued while a raise is in
 * flight and all sent together in the next one, so that concurrent signings cost one round trip
 * per witness (as the SQLite writer groups commits). Every answer is checked before it counts: its
 * MAC, the nonce and counter of its request, the signer identity and the chain.
 */
final class WitnessLink {
  static final String RAISE_PATH = "/vigil/v1/freshness/highs";
  static final String READ_PATH = "/vigil/v1/freshness/highs/read";
  /** Keys per raise at most, so that a request stays well within a witness's 4 MiB body limit. */
  static final int MAX_BATCH_KEYS = 8192;
  /** An answer is read up to this many bytes (2^18 keys' highs fit in 64 MiB). */
  static final long MAX_ANSWER_BYTES = 64L << 20;
  private static final ObjectMapper JSON = BoundedJson.mapper();

  private record Pending(BLSPubkey pubkey, Highs needed, CompletableFuture<Void> acknowledged) {}

  private final URI base;
  private final String signerIdentity;
  private final Bytes32 genesisValidatorsRoot;
  private final WitnessSessions sessions;
  private final HttpClient http;
  private final Duration timeout;
  private final SecureRandom random;
  /** Rises across sessions too: the witness remembers the last counter of each session. */
  private final AtomicLong counter = new AtomicLong();
  private final Object lock = new Object();
  private Map<BLSPubkey, Highs> queued = new HashMap<>();
  private List<Pending> waiting = new ArrayList<>();
  private boolean inFlight;

  WitnessLink(URI base, String signerIdentity, Bytes32 genesisValidatorsRoot, WitnessSessions sessions,
      HttpClient http, Duration timeout, SecureRandom random) {
    this.base = base;
    this.signerIdentity = signerIdentity;
    this.genesisValidatorsRoot = genesisValidatorsRoot;
    this.sessions = sessions;
    this.http = http;
    this.timeout = timeout;
    this.random = random;
  }

  URI base() {
    return base;
  }

  /** Completes once this witness durably keeps highs at least {@code needed} for the key. */
  CompletableFuture<Void> acknowledge(BLSPubkey pubkey, Highs needed) {
    Pending pending = new Pending(pubkey, needed, new CompletableFuture<>());
    synchronized (lock) {
      queued.merge(pubkey, needed, Highs::max);
      waiting.add(pending);
      if (inFlight) {
        return pending.acknowledged();
      }
      inFlight = true;
    }
    sendQueued();
    return pending.acknowledged();
  }

  /** Sends up to {@link #MAX_BATCH_KEYS} queued keys with the waiters for them. */
  private void sendQueued() {
    Map<BLSPubkey, Highs> batch = new HashMap<>();
    List<Pending> batchWaiting = new ArrayList<>();
    synchronized (lock) {
      var entries = queued.entrySet().iterator();
      while (entries.hasNext() && batch.size() < MAX_BATCH_KEYS) {
        var entry = entries.next();
        batch.put(entry.getKey(), entry.getValue());
        entries.remove();
      }
      List<Pending> later = new ArrayList<>();
      for (Pending pending : waiting) {
        (batch.containsKey(pending.pubkey()) ? batchWaiting : later).add(pending);
      }
      waiting = later;
    }
    exchange(Kind.RAISE, batch).whenComplete((kept, error) -> {
      for (Pending pending : batchWaiting) {
        if (error != null) {
          pending.acknowledged().completeExceptionally(error);
        } else if (kept.getOrDefault(pending.pubkey(), Highs.NONE).covers(pending.needed())) {
          pending.acknowledged().complete(null);
        } else {
          pending.acknowledged().completeExceptionally(new FreshnessUnavailableException(
              "witness " + base + " did not acknowledge " + pending.needed() + " for " + pending.pubkey()));
        }
      }
      synchronized (lock) {
        if (queued.isEmpty()) {
          inFlight = false;
          return;
        }
      }
      sendQueued();
    });
  }

  /** Everything the witness keeps for this signer (empty when it was never told anything). */
  CompletableFuture<Map<BLSPubkey, Highs>> read() {
    return exchange(Kind.READ, Map.of());
  }

  private CompletableFuture<Map<BLSPubkey, Highs>> exchange(Kind kind, Map<BLSPubkey, Highs> highs) {
    return sessions.current().thenCompose(session -> exchange(session, kind, highs));
  }

  private CompletableFuture<Map<BLSPubkey, Highs>> exchange(
      FreshnessHandshake.Session session, Kind kind, Map<BLSPubkey, Highs> highs) {
    byte[] nonce = new byte[Bytes32.SIZE];
    random.nextBytes(nonce);
    FreshnessMessage request = new FreshnessMessage(kind, signerIdentity, Optional.of(genesisValidatorsRoot),
        counter.incrementAndGet(), new Bytes32(nonce), highs);
    String body = FreshnessEnvelope.seal(session.key(), Direction.REQUEST, session.id(), request.toPayload())
        .toJson().toString();
    HttpRequest httpRequest = HttpRequest.newBuilder(base.resolve(kind == Kind.RAISE ? RAISE_PATH : READ_PATH))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.sendAsync(httpRequest, BoundedBodyHandler.ofAtMost(MAX_ANSWER_BYTES))
        .handle((response, error) -> {
          if (error != null) {
            throw new FreshnessUnavailableException("witness " + base + " unreachable: " + rootMessage(error), error);
          }
          if (response.statusCode() == 403) {
            sessions.discard(session);
          }
          return verify(session, request, response);
        });
  }

  /** The answer's highs once everything about it checks out; throws naming what does not. */
  private Map<BLSPubkey, Highs> verify(
      FreshnessHandshake.Session session, FreshnessMessage request, HttpResponse<byte[]> response) {
    String what = "witness " + base;
    if (response.statusCode() != 200) {
      throw new FreshnessUnavailableException(what + " answered HTTP " + response.statusCode() + ": "
          + InputEcho.bounded(new String(response.body(), StandardCharsets.UTF_8)));
    }
    FreshnessMessage answer;
    try {
      JsonNode json = JSON.readTree(response.body());
      FreshnessEnvelope envelope = FreshnessEnvelope.fromJson(json);
      if (!envelope.session().equals(session.id()) || !envelope.verifies(session.key(), Direction.RESPONSE)) {
        throw new FreshnessUnavailableException(what + ": answer's MAC does not verify (forged), ignored");
      }
      answer = FreshnessMessage.fromPayload(envelope.payloadJson(), FreshnessMessage.MAX_ANSWER_KEYS);
    } catch (IOException | IllegalArgumentException e) {
      throw new FreshnessUnavailableException(what + ": malformed answer: " + e.getMessage(), e);
    }
    if (answer.kind() != request.kind() || answer.counter() != request.counter() || !answer.nonce().equals(request.nonce())) {
      throw new FreshnessUnavailableException(what + ": answer is not for this request (replayed), ignored");
    }
    if (!answer.signerIdentity().equals(signerIdentity)) {
      throw new FreshnessUnavailableException(what + ": answer is for signer identity " + answer.signerIdentity()
          + ", not " + signerIdentity + "; refused");
    }
    if (answer.genesisValidatorsRoot().isPresent() && !answer.genesisValidatorsRoot().get().equals(genesisValidatorsRoot)) {
      throw new FreshnessUnavailableException(what + " keeps signer identity " + signerIdentity + " on chain "
          + answer.genesisValidatorsRoot().get() + ", not " + genesisValidatorsRoot + "; refused");
    }
    return answer.highs();
  }

  private static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}
