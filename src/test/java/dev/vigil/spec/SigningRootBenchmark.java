package dev.vigil.spec;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of the spec work per signing request (hash_tree_root + compute_domain + compute_signing_root).
 * Run: mvn -q test-compile && java -cp target/test-classes:target/classes:$(mvn -q dependency:build-classpath
 * -Dmdep.outputFile=/dev/stdout) org.openjdk.jmh.Main SigningRootBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigningRootBenchmark {
  private final ForkInfo forkInfo = new ForkInfo(
      new Fork(Bytes4.fromHex("0x04000000"), Bytes4.fromHex("0x05000000"), 364032),
      Networks.MAINNET.requireGenesisValidatorsRoot());
  private final AttestationData attestation = new AttestationData(
      11_650_000, 7, Bytes32.fromHex("0x" + "ab".repeat(32)),
      new Checkpoint(364_061, Bytes32.fromHex("0x" + "cd".repeat(32))),
      new Checkpoint(364_062, Bytes32.fromHex("0x" + "ef".repeat(32))));
  private final BeaconBlockHeader header = new BeaconBlockHeader(
      11_650_000, 123_456, Bytes32.fromHex("0x" + "01".repeat(32)), Bytes32.fromHex("0x" + "02".repeat(32)),
      Bytes32.fromHex("0x" + "03".repeat(32)));

  @Benchmark
  public Bytes32 attestationSigningRoot() {
    return forkInfo.signingRoot(attestation.hashTreeRoot(), DomainType.BEACON_ATTESTER, attestation.target().epoch());
  }

  @Benchmark
  public Bytes32 blockHeaderSigningRoot() {
    return forkInfo.signingRoot(header.hashTreeRoot(), DomainType.BEACON_PROPOSER, Preset.MAINNET.epochAtSlot(header.slot()));
  }
}
