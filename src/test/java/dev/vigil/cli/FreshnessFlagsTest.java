package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The freshness flags of serve: each bad combination is refused with a message naming the flag. */
class FreshnessFlagsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "--freshness-witness http://127.0.0.1:1                                      | --freshness-witness needs --freshness-identity",
    "--freshness-witness ftp://x --freshness-identity a --freshness-token-file t | --freshness-witness: 'ftp://x'",
    "--freshness-quorum 2                                                        | need --freshness-witness",
    "--freshness-witness http://127.0.0.1:1 --freshness-identity a --freshness-token-file t --restart-hold-epochs 2 | --restart-hold-epochs is for a signer without",
    "--restart-hold-epochs -1                                                    | --restart-hold-epochs: must not be negative",
    "--freshness-timeout-ms 0                                                    | --freshness-timeout-ms: must be positive",
    "--freshness-witness http://127.0.0.1:1 --freshness-identity a               | either --freshness-token-file (outside a TEE) or --freshness-peer-measurement",
    "--freshness-witness http://127.0.0.1:1 --freshness-identity a --freshness-token-file t --freshness-peer-measurement mrenclave:00 | not both",
    "--freshness-serve-witness                                                   | --freshness-serve-witness needs --freshness-peer-measurement",
    "--freshness-peer-measurement mrfoo:00                                       | KIND 'mrfoo' is not one of",
    "--freshness-peer-measurement mrenclave:0g                                   | --freshness-peer-measurement: '0g'",
    "--freshness-peer-measurement 00                                             | expected KIND:HEX",
  })
  void refused(String args, String message) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args.trim().split(" +"));
    assertThatThrownBy(serve::toConfig).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0} witnesses -> quorum {1}")
  @CsvSource({"1, 1", "2, 2", "3, 2", "4, 3", "5, 3"})
  void defaultQuorumIsAMajority(int witnesses, int quorum) {
    StringBuilder args = new StringBuilder("--freshness-identity a --freshness-token-file t");
    for (int i = 0; i < witnesses; i++) {
      args.append(" --freshness-witness http://127.0.0.1:").append(1000 + i);
    }
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args.toString().split(" "));
    assertThat(serve.toConfig().freshness().quorum()).isEqualTo(quorum);
  }
}
