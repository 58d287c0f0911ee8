package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.attestation.AttestationProvider;
import dev.vigil.attestation.AttestationProviders;
import dev.vigil.attestation.EvidenceVerifier;
import dev.vigil.attestation.VerificationPolicy;
import dev.vigil.protection.Decision;
import dev.vigil.protection.Highs;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.signer.FreshnessEnvelope.Direction;
import dev.vigil.signer.FreshnessMessage.Kind;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness protocol end to end over HTTP, with a witness in front of which a test can forge,
 * replay or rewrite answers: only an answer MAC'd for this request, this identity and this chain
 * counts; a forged or replayed request changes nothing at the witness.
 */
class FreshnessWitnessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Bytes32 GVR = filled(0x6e);
  private static final Bytes32 OTHER_GVR = filled(0x6f);
  private static final String TOKEN = "shared-token";
  private static final BLSPubkey KEY = new BLSPubkey(filledBytes(0x11, BLSPubkey.SIZE));
  private static final AttestationProvider NONE = AttestationProviders.create("none", Path.of("/"));

  @TempDir Path witnessDir;
  @TempDir Path signerDir;
  private SlashingProtection witnessStore;
  private SlashingProtection signerStore;
  private volatile FreshnessWitness witness;
  private HttpServer server;
  private final AtomicInteger raises = new AtomicInteger();
  private final List<String> answers = new ArrayList<>();
  private volatile UnaryOperator<String> tamper = UnaryOperator.identity();

  @BeforeEach
  void start() throws Exception {
    witnessStore = SlashingProtectionStores.open(null, witnessDir, PruningPolicy.OFF);
    signerStore = SlashingProtectionStores.open(null, signerDir, PruningPolicy.OFF);
    witness = new FreshnessWitness(witnessStore, Map.of("alpha", TOKEN), Optional.empty());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      String path = exchange.getRequestURI().getPath();
      boolean raise = path.equals(WitnessLink.RAISE_PATH);
      if (raise) {
        raises.incrementAndGet();
      }
      int status = 200;
      String answer;
      try {
        answer = (path.equals(WitnessSessions.SESSION_PATH) ? CompletableFuture.completedFuture(witness.session(body))
            : raise ? witness.raise(body) : witness.read(body)).join().toString();
        synchronized (answers) {
          answers.add(answer);
        }
        answer = tamper.apply(answer);
      } catch (CompletionException | FreshnessWitness.Refused e) {
        Throwable cause = e instanceof CompletionException ? e.getCause() : e;
        status = ((FreshnessWitness.Refused) cause).status();
        answer = cause.getMessage();
      }
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    witnessStore.close();
    signerStore.close();
  }

  private FreshnessQuorum quorum(String identity, Bytes32 chain) {
    return quorum(identity, chain, Duration.ofSeconds(5));
  }

  private FreshnessQuorum quorum(String identity, Bytes32 chain, Duration timeout) {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new FreshnessQuorum(List.of(uri), 1, identity, chain, new FreshnessAuth.Token(TOKEN), timeout, signerStore);
  }

  @Test
  void acknowledgedHighsComeBackAsFloors() {
    FreshnessQuorum quorum = quorum("alpha", GVR);
    assertThat(quorum.notReadyReason()).isPresent();
    quorum.acknowledge(KEY, new SlashableData.Block(10, GVR)).join();
    quorum.acknowledge(KEY, new SlashableData.Attestation(3, 4, GVR)).join();
    assertThat(quorum.recover()).isTrue();
    assertThat(quorum.notReadyReason()).isEmpty();
    assertThat(signerStore.checkAndRecordBlock(KEY, 10, filled(1), GVR)).isInstanceOf(Decision.Refused.class);
    assertThat(signerStore.checkAndRecordAttestation(KEY, 3, 4, filled(1), GVR)).isInstanceOf(Decision.Refused.class);
    assertThat(signerStore.checkAndRecordBlock(KEY, 11, filled(1), GVR).accepted()).isTrue();
  }

  @Test
  void concurrentAcknowledgementsShareRoundTrips() {
    FreshnessQuorum quorum = quorum("alpha", GVR);
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (int slot = 1; slot <= 300; slot++) {
      acks.add(quorum.acknowledge(KEY, new SlashableData.Block(slot, GVR)));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    assertThat(raises.get()).isLessThan(300);
    assertThat(witnessStore.witnessedHighs("alpha").orElseThrow().highs().get(KEY)).isEqualTo(Highs.ofBlock(300));
  }

  @Test
  void manyKeysAreSplitIntoRaisesWithinTheBodyLimit() {
    // Not a speed test: the first megabyte-sized messages run cold on a shared machine.
    FreshnessQuorum quorum = quorum("alpha", GVR, Duration.ofSeconds(60));
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    int keys = WitnessLink.MAX_BATCH_KEYS + 100;
    for (int i = 0; i < keys; i++) {
      byte[] pubkey = new byte[BLSPubkey.SIZE];
      java.nio.ByteBuffer.wrap(pubkey).putInt(i);
      acks.add(quorum.acknowledge(new BLSPubkey(pubkey), new SlashableData.Attestation(1, 2, GVR)));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    assertThat(raises.get()).isGreaterThanOrEqualTo(2);
    assertThat(witnessStore.witnessedHighs("alpha").orElseThrow().highs()).hasSize(keys);
  }

  @Test
  void forgedAnswerIsIgnored() {
    tamper = answer -> {
      try {
        ObjectNode envelope = (ObjectNode) JSON.readTree(answer);
        byte[] mac = Bytes32.fromHex(envelope.get("mac").asText()).toArray();
        mac[0] ^= 1;
        return envelope.put("mac", new Bytes32(mac).toHexString()).toString();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    FreshnessQuorum quorum = quorum("alpha", GVR);
    assertThatThrownBy(() -> quorum.acknowledge(KEY, new SlashableData.Block(10, GVR)).join())
        .hasMessageContaining("MAC does not verify");
    assertThat(quorum.recover()).isFalse();
    assertThat(quorum.notReadyReason().orElseThrow()).contains("forged");
    assertThatThrownBy(quorum::requireReady).isInstanceOf(FreshnessUnavailableException.class);
  }

  @Test
  void replayedAnswerIsIgnored() {
    FreshnessQuorum quorum = quorum("alpha", GVR);
    assertThat(quorum.recover()).isTrue();
    String old;
    synchronized (answers) {
      old = answers.get(answers.size() - 1);
    }
    // After more signing, a host replaying the old (empty) answer must not lower anything.
    quorum.acknowledge(KEY, new SlashableData.Block(10, GVR)).join();
    tamper = answer -> old;
    FreshnessQuorum restarted = quorum("alpha", GVR);
    assertThat(restarted.recover()).isFalse();
    assertThat(restarted.notReadyReason().orElseThrow()).contains("MAC does not verify");
    // Even within one session (same link), an answer to an earlier request does not pass.
    assertThat(quorum.recover()).isFalse();
    assertThat(quorum.notReadyReason().orElseThrow()).contains("replayed");
  }

  @Test
  void answerForAnotherIdentityIsRefused() {
    tamper = answer -> reseal(answer, payload -> payload.put("signer_identity", "beta"));
    FreshnessQuorum quorum = quorum("alpha", GVR);
    assertThat(quorum.recover()).isFalse();
    assertThat(quorum.notReadyReason().orElseThrow()).contains("for signer identity beta");
  }

  @Test
  void witnessOnAnotherChainIsRefused() {
    witnessStore.raiseWitnessedHighs("alpha", OTHER_GVR, Map.of(KEY, Highs.ofBlock(1))).join();
    FreshnessQuorum quorum = quorum("alpha", GVR);
    assertThat(quorum.recover()).isFalse();
    assertThat(quorum.notReadyReason().orElseThrow()).contains("on chain " + OTHER_GVR);
    assertThatThrownBy(() -> quorum.acknowledge(KEY, new SlashableData.Block(10, GVR)).join())
        .hasMessageContaining("on chain " + OTHER_GVR);
    assertThat(witnessStore.witnessedHighs("alpha").orElseThrow().highs().get(KEY)).isEqualTo(Highs.ofBlock(1));
  }

  private FreshnessQuorum attestedQuorum(VerificationPolicy signerPolicy) {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new FreshnessQuorum(List.of(uri), 1, "alpha", GVR,
        new FreshnessAuth.Attested(NONE, new EvidenceVerifier(), signerPolicy), Duration.ofSeconds(5), signerStore);
  }

  private void attestedWitness(VerificationPolicy witnessPolicy) {
    witness = new FreshnessWitness(witnessStore, Map.of(),
        Optional.of(new FreshnessAuth.Attested(NONE, new EvidenceVerifier(), witnessPolicy)));
  }

  @Test
  void attestedSessionCarriesRaisesAndReadsAndIsRemadeAfterAWitnessRestart() {
    VerificationPolicy insecureAllowed = VerificationPolicy.strict().withAllowInsecure(true);
    attestedWitness(insecureAllowed);
    FreshnessQuorum quorum = attestedQuorum(insecureAllowed);
    quorum.acknowledge(KEY, new SlashableData.Block(10, GVR)).join();
    assertThat(quorum.recover()).isTrue();
    assertThat(signerStore.checkAndRecordBlock(KEY, 10, filled(1), GVR)).isInstanceOf(Decision.Refused.class);
    // A restarted witness knows no session: the first request is refused, the next handshake heals it.
    attestedWitness(insecureAllowed);
    assertThatThrownBy(() -> quorum.acknowledge(KEY, new SlashableData.Block(11, GVR)).join()).hasMessageContaining("403");
    quorum.acknowledge(KEY, new SlashableData.Block(12, GVR)).join();
    assertThat(witnessStore.witnessedHighs("alpha").orElseThrow().highs().get(KEY)).isEqualTo(Highs.ofBlock(12));
  }

  @Test
  void evidenceFailingThePolicyGetsNoSession() {
    VerificationPolicy insecureAllowed = VerificationPolicy.strict().withAllowInsecure(true);
    attestedWitness(VerificationPolicy.strict());
    FreshnessQuorum refusedByWitness = attestedQuorum(insecureAllowed);
    assertThatThrownBy(() -> refusedByWitness.acknowledge(KEY, new SlashableData.Block(10, GVR)).join())
        .hasMessageContaining("refused the attested handshake").hasMessageContaining("signer's evidence is refused");
    attestedWitness(insecureAllowed);
    FreshnessQuorum refusingWitness = attestedQuorum(VerificationPolicy.strict());
    assertThatThrownBy(() -> refusingWitness.acknowledge(KEY, new SlashableData.Block(10, GVR)).join())
        .hasMessageContaining("witness's evidence is refused");
    assertThat(witnessStore.witnessedHighs("alpha")).isEmpty();
  }

  @Test
  void forgedOrReplayedRequestChangesNothing() {
    FreshnessMessage raise = new FreshnessMessage(Kind.RAISE, "alpha", Optional.of(GVR), 1, filled(7), Map.of(KEY, Highs.ofBlock(50)));
    ObjectNode forged = FreshnessEnvelope.seal(FreshnessEnvelope.tokenKey("wrong-token", "alpha"), Direction.REQUEST, "s1",
        raise.toPayload()).toJson();
    assertThat(refusalStatus(witness.raise(forged))).isEqualTo(403);
    ObjectNode unknownIdentity = FreshnessEnvelope.seal(FreshnessEnvelope.tokenKey(TOKEN, "gamma"), Direction.REQUEST, "s1",
        new FreshnessMessage(Kind.RAISE, "gamma", Optional.of(GVR), 1, filled(7), Map.of(KEY, Highs.ofBlock(50))).toPayload()).toJson();
    assertThat(refusalStatus(witness.raise(unknownIdentity))).isEqualTo(403);
    assertThat(witnessStore.witnessedHighs("alpha")).isEmpty();

    ObjectNode genuine = FreshnessEnvelope.seal(FreshnessEnvelope.tokenKey(TOKEN, "alpha"), Direction.REQUEST, "s1",
        raise.toPayload()).toJson();
    witness.raise(genuine).join();
    assertThat(refusalStatus(witness.raise(genuine))).isEqualTo(409);
    // A genuine read replayed against the raise route is refused too.
    ObjectNode read = FreshnessEnvelope.seal(FreshnessEnvelope.tokenKey(TOKEN, "alpha"), Direction.REQUEST, "s1",
        new FreshnessMessage(Kind.READ, "alpha", Optional.of(GVR), 2, filled(8), Map.of()).toPayload()).toJson();
    assertThat(refusalStatus(witness.raise(read))).isEqualTo(400);
  }

  private static int refusalStatus(CompletableFuture<ObjectNode> answer) {
    try {
      answer.join();
      throw new AssertionError("accepted");
    } catch (CompletionException e) {
      return ((FreshnessWitness.Refused) e.getCause()).status();
    }
  }

  /** Rewrites an answer's payload and MACs it again with the right key (a witness that lies). */
  private static String reseal(String answer, java.util.function.Consumer<ObjectNode> change) {
    try {
      FreshnessEnvelope envelope = FreshnessEnvelope.fromJson(JSON.readTree(answer));
      ObjectNode payload = (ObjectNode) envelope.payloadJson();
      change.accept(payload);
      return FreshnessEnvelope.seal(FreshnessEnvelope.tokenKey(TOKEN, "alpha"), Direction.RESPONSE,
          envelope.session(), FreshnessEnvelope.toPayload(payload)).toJson().toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Bytes32 filled(int value) {
    return new Bytes32(filledBytes(value, Bytes32.SIZE));
  }

  private static byte[] filledBytes(int value, int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
