package dev.vigil.signer;

import dev.vigil.protection.Highs;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signer's freshness witnesses (docs/tee.md section 3). A block or attestation recorded by
 * slashing protection is released only once {@code quorum} witnesses durably acknowledged highs at
 * least as high as it. At start, nothing slashable is signed until enough witnesses told their
 * highs and each key's floors were raised to the highest of them: then whatever a rolled-back data
 * dir forgot, but any acknowledging witness kept, is refused.
 *
 * <p>Reading at start waits for {@code max(quorum, n − quorum + 1)} answers, so that the witnesses
 * read always include one that acknowledged every released signature.
 */
public final class FreshnessQuorum implements FreshnessGuard {
  private static final Logger LOG = LoggerFactory.getLogger(FreshnessQuorum.class);

  private final List<WitnessLink> links;
  private final int quorum;
  private final int readQuorum;
  private final Duration timeout;
  private final SlashingProtection protection;
  private final AtomicReference<String> notReady =
      new AtomicReference<>("freshness: the witnesses have not told their highs yet");

  /**
   * @param quorum acknowledgements needed per signature, 1 to the number of witnesses
   * @param timeout how long a signature waits for its acknowledgements (and each request for its answer)
   */
  public FreshnessQuorum(List<URI> witnesses, int quorum, String signerIdentity, Bytes32 genesisValidatorsRoot,
      FreshnessAuth auth, Duration timeout, SlashingProtection protection) {
    if (witnesses.isEmpty()) {
      throw new IllegalArgumentException("--freshness-witness: at least one is needed");
    }
    if (quorum < 1 || quorum > witnesses.size()) {
      throw new IllegalArgumentException("--freshness-quorum: " + quorum + " is not between 1 and the "
          + witnesses.size() + " witness(es)");
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    SecureRandom random = new SecureRandom();
    List<WitnessLink> built = new ArrayList<>();
    for (URI witness : witnesses) {
      WitnessSessions sessions = auth instanceof FreshnessAuth.Attested attested
          ? WitnessSessions.attested(witness, signerIdentity, attested.attestation(), attested.verifier(),
              attested.peerPolicy(), http, timeout, random)
          : WitnessSessions.token(signerIdentity, ((FreshnessAuth.Token) auth).token(), random);
      built.add(new WitnessLink(witness, signerIdentity, genesisValidatorsRoot, sessions, http, timeout, random));
    }
    this.links = List.copyOf(built);
    this.quorum = quorum;
    this.readQuorum = Math.max(quorum, witnesses.size() - quorum + 1);
    this.timeout = timeout;
    this.protection = protection;
  }

  /** A majority of {@code witnesses}: the default quorum. */
  public static int majority(int witnesses) {
    return witnesses / 2 + 1;
  }

  @Override
  public Optional<String> notReadyReason() {
    return Optional.ofNullable(notReady.get());
  }

  @Override
  public CompletableFuture<Void> acknowledge(BLSPubkey pubkey, SlashableData data) {
    Highs needed = data instanceof SlashableData.Block block
        ? Highs.ofBlock(block.slot())
        : Highs.ofAttestation(((SlashableData.Attestation) data).sourceEpoch(), ((SlashableData.Attestation) data).targetEpoch());
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    AtomicInteger acks = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    for (WitnessLink link : links) {
      link.acknowledge(pubkey, needed).whenComplete((ok, error) -> {
        if (error == null) {
          if (acks.incrementAndGet() == quorum) {
            acknowledged.complete(null);
          }
        } else if (failures.incrementAndGet() == links.size() - quorum + 1) {
          acknowledged.completeExceptionally(new FreshnessUnavailableException("freshness: fewer than "
              + quorum + " of " + links.size() + " witnesses acknowledged, last: " + error.getMessage(), error));
        }
      });
    }
    return acknowledged.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(error instanceof TimeoutException
            ? new FreshnessUnavailableException("freshness: " + quorum + " of " + links.size()
                + " witnesses did not acknowledge within " + timeout.toMillis() + " ms")
            : error));
  }

  /**
   * Asks every witness for its highs; with enough valid answers raises each key's floors to the
   * highest reported and lets blocks and attestations through. Returns whether it did.
   */
  public boolean recover() {
    List<CompletableFuture<Map<BLSPubkey, Highs>>> reads = links.stream().map(WitnessLink::read).toList();
    List<Map<BLSPubkey, Highs>> answers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < links.size(); i++) {
      try {
        answers.add(reads.get(i).join());
      } catch (RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        problems.add(cause.getMessage());
        LOG.warn("freshness: {}", cause.getMessage());
      }
    }
    if (answers.size() < readQuorum) {
      notReady.set("freshness: " + answers.size() + " of " + links.size() + " witnesses answered, "
          + readQuorum + " needed before blocks and attestations are signed: " + String.join("; ", problems));
      return false;
    }
    Map<BLSPubkey, Highs> floors = new HashMap<>();
    answers.forEach(answer -> answer.forEach((pubkey, highs) -> floors.merge(pubkey, highs, Highs::max)));
    protection.raiseFloors(floors);
    notReady.set(null);
    LOG.info("freshness: {} of {} witnesses answered; floors of {} key(s) raised to their highs; signing blocks and attestations",
        answers.size(), links.size(), floors.size());
    return true;
  }
}
