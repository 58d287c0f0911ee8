package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.Web3SignerRequestDecoder;
import dev.vigil.cli.bench.DutyRequests;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.NetworkRecognition;
import dev.vigil.spec.Networks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing-root computation per request type, as the signing route does it: from the JSON body
 * (parse, decode, SSZ hash_tree_root, domain, signing root), and from the parsed tree alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SigningRootBenchmark {
  private static final long SLOT = 10_000_000;

  @Param({
    "ATTESTATION", "BLOCK_V2", "AGGREGATION_SLOT", "AGGREGATE_AND_PROOF_V2", "RANDAO_REVEAL",
    "SYNC_COMMITTEE_MESSAGE", "SYNC_COMMITTEE_SELECTION_PROOF", "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF"
  })
  public String type;

  private final ObjectMapper mapper = new ObjectMapper();
  private final Web3SignerRequestDecoder decoder = new Web3SignerRequestDecoder(Networks.MAINNET, new NetworkRecognition(Optional.empty()));
  private byte[] body;
  private JsonNode tree;

  @Setup
  public void setUp() throws IOException {
    String json = switch (type) {
      case "ATTESTATION" -> DutyRequests.attestation(SLOT);
      case "BLOCK_V2" -> DutyRequests.block(SLOT, 7);
      case "AGGREGATION_SLOT" -> DutyRequests.aggregationSlot(SLOT);
      case "AGGREGATE_AND_PROOF_V2" -> DutyRequests.aggregateAndProof(SLOT, 7);
      case "RANDAO_REVEAL" -> DutyRequests.randaoReveal(SLOT);
      case "SYNC_COMMITTEE_MESSAGE" -> DutyRequests.syncCommitteeMessage(SLOT);
      case "SYNC_COMMITTEE_SELECTION_PROOF" -> DutyRequests.syncSelectionProof(SLOT, 1);
      case "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF" -> DutyRequests.contributionAndProof(SLOT, 7, 1);
      default -> throw new IllegalArgumentException("type: " + type);
    };
    body = json.getBytes(StandardCharsets.UTF_8);
    tree = mapper.readTree(body);
  }

  @Benchmark
  public Bytes32 fromJsonBody() throws IOException {
    return decoder.decode(mapper.readTree(body)).signingRoot();
  }

  @Benchmark
  public Bytes32 fromParsedTree() {
    return decoder.decode(tree).signingRoot();
  }
}
