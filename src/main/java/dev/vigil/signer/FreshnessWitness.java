package dev.vigil.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.WitnessedHighs;
import dev.vigil.signer.FreshnessEnvelope.Direction;
import dev.vigil.signer.FreshnessMessage.Kind;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.crypto.spec.SecretKeySpec;

/**
 * The witness role (docs/tee.md section 3): keeps, for other signers, the highest block slot and
 * attestation source and target per key they have told it of, durably in this Vigil's own store,
 * and tells them back at their start. It never holds their keys. Every request must carry a valid
 * MAC under the identity's session key and a counter above the last one seen in its session; the
 * answer is MAC'd and repeats the request's counter and nonce.
 */
public final class FreshnessWitness {
  /** Sessions whose last counter is remembered; the oldest is forgotten first. */
  static final int MAX_SESSIONS = 4096;

  /** A request the witness refuses, with the HTTP status to answer. Nothing was stored. */
  public static final class Refused extends RuntimeException {
    private final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final SlashingProtection store;
  private final Map<String, SecretKeySpec> tokenKeys;
  private final Optional<FreshnessAuth.Attested> attested;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, FreshnessHandshake.Session> sessions = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, FreshnessHandshake.Session> eldest) {
      return size() > MAX_SESSIONS;
    }
  };
  private final Map<String, Long> lastCounters = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_SESSIONS;
    }
  };

  /**
   * {@code tokens}: signer identity → the token it was given (see {@link #readTokens}); {@code
   * attested}: whether attested sessions are offered ({@link #session}), and to whom.
   */
  public FreshnessWitness(SlashingProtection store, Map<String, String> tokens, Optional<FreshnessAuth.Attested> attested) {
    this.store = store;
    this.attested = attested;
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    tokens.forEach((identity, token) -> keys.put(identity, FreshnessEnvelope.tokenKey(token, identity)));
    this.tokenKeys = Map.copyOf(keys);
  }

  /**
   * Parses a tokens file: one {@code <signer identity> <token>} per line; blank lines and lines
   * starting with # are skipped. The message names the line of any problem.
   */
  public static Map<String, String> readTokens(String text, String fileName) {
    Map<String, String> tokens = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      if (fields.length != 2) {
        throw new IllegalArgumentException(fileName + " line " + (i + 1) + ": expected '<signer identity> <token>'");
      }
      if (tokens.put(fields[0], fields[1]) != null) {
        throw new IllegalArgumentException(fileName + " line " + (i + 1) + ": signer identity " + fields[0] + " listed twice");
      }
    }
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException(fileName + ": no '<signer identity> <token>' line");
    }
    return tokens;
  }

  /**
   * The witness's half of the attested handshake ({@link FreshnessHandshake}): checks the signer's
   * evidence against the peer policy, keeps the session, answers with its own evidence. Refused
   * (403) when attested sessions are not offered or the evidence does not pass.
   */
  public ObjectNode session(JsonNode body) {
    FreshnessAuth.Attested auth = attested.orElseThrow(() ->
        new Refused(403, "this witness offers no attested sessions (it needs --freshness-peer-measurement)"));
    FreshnessHandshake.Hello hello;
    try {
      hello = FreshnessHandshake.Hello.fromJson(body);
    } catch (IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    }
    try {
      return FreshnessHandshake.answer(hello, auth.attestation(), auth.verifier(), auth.peerPolicy(), random,
          session -> {
            synchronized (sessions) {
              sessions.put(session.id(), session);
            }
          }).toJson();
    } catch (IllegalArgumentException e) {
      throw new Refused(403, e.getMessage());
    }
  }

  /** The key of the request's session: an attested one, else the token of the identity it claims. */
  private SecretKeySpec keyOf(FreshnessEnvelope envelope, String signerIdentity) {
    FreshnessHandshake.Session session;
    synchronized (sessions) {
      session = sessions.get(envelope.session());
    }
    if (session != null) {
      if (!session.signerIdentity().equals(signerIdentity)) {
        throw new Refused(403, "signer_identity: the session is for " + session.signerIdentity());
      }
      return session.key();
    }
    SecretKeySpec key = tokenKeys.get(signerIdentity);
    if (key == null) {
      throw new Refused(403, "session: unknown, and signer_identity " + signerIdentity
          + " has no token here");
    }
    return key;
  }

  /** Answers a raise envelope once the raise is durable; see {@link #handle}. */
  public CompletableFuture<ObjectNode> raise(JsonNode body) {
    return handle(body, Kind.RAISE);
  }

  /** Answers a read envelope; see {@link #handle}. */
  public CompletableFuture<ObjectNode> read(JsonNode body) {
    return handle(body, Kind.READ);
  }

  /**
   * Answers one request envelope of the given kind with the response envelope, once any raise is
   * durable. Completes exceptionally with {@link Refused} for a forged, replayed or malformed one.
   */
  private CompletableFuture<ObjectNode> handle(JsonNode body, Kind kind) {
    FreshnessMessage request;
    SecretKeySpec key;
    FreshnessEnvelope envelope;
    try {
      envelope = FreshnessEnvelope.fromJson(body);
      String identity = envelope.claimedSignerIdentity();
      key = keyOf(envelope, identity);
      if (!envelope.verifies(key, Direction.REQUEST)) {
        throw new Refused(403, "mac: does not verify (forged or altered request), ignored");
      }
      request = FreshnessMessage.fromPayload(envelope.payloadJson(), WitnessLink.MAX_BATCH_KEYS);
      if (!request.signerIdentity().equals(identity)) {
        throw new Refused(400, "signer_identity: given more than once in the payload");
      }
      if (request.kind() != kind) {
        throw new Refused(400, "kind: expected " + kind.name().toLowerCase(Locale.ROOT) + " on this route");
      }
      checkCounter(request.signerIdentity() + "/" + envelope.session(), request.counter());
    } catch (Refused e) {
      return CompletableFuture.failedFuture(e);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new Refused(400, e.getMessage()));
    }
    CompletableFuture<FreshnessMessage> answer;
    if (kind == Kind.READ) {
      Optional<WitnessedHighs> kept = store.witnessedHighs(request.signerIdentity());
      answer = CompletableFuture.completedFuture(request.answer(
          kept.map(WitnessedHighs::genesisValidatorsRoot), kept.map(WitnessedHighs::highs).orElse(Map.of())));
    } else if (request.genesisValidatorsRoot().isEmpty()) {
      return CompletableFuture.failedFuture(new Refused(400, "genesis_validators_root: missing in a raise"));
    } else {
      answer = store.raiseWitnessedHighs(request.signerIdentity(), request.genesisValidatorsRoot().get(), request.highs())
          .thenApply(kept -> request.answer(Optional.of(kept.genesisValidatorsRoot()), kept.highs()));
    }
    String session = envelope.session();
    return answer.thenApply(message ->
        FreshnessEnvelope.seal(key, Direction.RESPONSE, session, message.toPayload()).toJson());
  }

  /** Refuses a counter at or below the last one of its session: a replayed request. */
  private synchronized void checkCounter(String session, long counter) {
    Long last = lastCounters.get(session);
    if (last != null && Long.compareUnsigned(counter, last) <= 0) {
      throw new Refused(409, "counter: " + Long.toUnsignedString(counter)
          + " is not above the session's last, " + Long.toUnsignedString(last) + " (replayed request), ignored");
    }
    lastCounters.put(session, counter);
  }
}
