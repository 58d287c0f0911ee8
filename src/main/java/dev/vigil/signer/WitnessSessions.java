package dev.vigil.signer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.attestation.BoundedBodyHandler;
import dev.vigil.attestation.AttestationProvider;
import dev.vigil.attestation.EvidenceVerifier;
import dev.vigil.attestation.VerificationPolicy;
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
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * Where a signer's session with one witness comes from: the shared token (one session per signer
 * process, its key derived from the token) or the attested handshake ({@link FreshnessHandshake},
 * made on first use and again whenever the witness no longer knows the session).
 */
interface WitnessSessions {
  /** A handshake answer is one evidence document: at most what a Vigil accepts as a request body (4 MiB). */
  long MAX_HANDSHAKE_ANSWER_BYTES = 4L * 1024 * 1024;

  String SESSION_PATH = "/vigil/v1/freshness/session";

  CompletableFuture<FreshnessHandshake.Session> current();

  /** The witness refused {@code session} (it restarted, say): the next {@link #current} makes a new one. */
  void discard(FreshnessHandshake.Session session);

  static WitnessSessions token(String signerIdentity, String token, SecureRandom random) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    FreshnessHandshake.Session session = new FreshnessHandshake.Session(
        HexFormat.of().formatHex(id), signerIdentity, FreshnessEnvelope.tokenKey(token, signerIdentity));
    return new WitnessSessions() {
      @Override
      public CompletableFuture<FreshnessHandshake.Session> current() {
        return CompletableFuture.completedFuture(session);
      }

      @Override
      public void discard(FreshnessHandshake.Session refused) {
        // the token's session is the only one
      }
    };
  }

  /** Attested sessions with the witness at {@code base}, its evidence checked against {@code policy}. */
  static WitnessSessions attested(URI base, String signerIdentity, AttestationProvider attestation,
      EvidenceVerifier verifier, VerificationPolicy policy, HttpClient http, Duration timeout, SecureRandom random) {
    ObjectMapper json = BoundedJson.mapper();
    return new WitnessSessions() {
      private CompletableFuture<FreshnessHandshake.Session> current;

      @Override
      public synchronized CompletableFuture<FreshnessHandshake.Session> current() {
        if (current == null || current.isCompletedExceptionally()) {
          FreshnessHandshake.Opening opening = FreshnessHandshake.open(signerIdentity, attestation, random);
          HttpRequest request = HttpRequest.newBuilder(base.resolve(SESSION_PATH)).timeout(timeout)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(opening.hello().toJson().toString())).build();
          current = http.sendAsync(request, BoundedBodyHandler.ofAtMost(MAX_HANDSHAKE_ANSWER_BYTES)).thenApply(response -> {
            if (response.statusCode() != 200) {
              throw new FreshnessUnavailableException("witness " + base + " refused the attested handshake: HTTP "
                  + response.statusCode() + ": " + InputEcho.bounded(new String(response.body(), StandardCharsets.UTF_8)));
            }
            try {
              return FreshnessHandshake.finish(opening, FreshnessHandshake.Reply.fromJson(json.readTree(response.body())),
                  verifier, policy);
            } catch (IOException | IllegalArgumentException e) {
              throw new FreshnessUnavailableException("witness " + base + ": handshake refused: " + e.getMessage(), e);
            }
          });
        }
        return current;
      }

      @Override
      public synchronized void discard(FreshnessHandshake.Session refused) {
        if (current != null && current.isDone() && !current.isCompletedExceptionally() && current.join() == refused) {
          current = null;
        }
      }
    };
  }
}
