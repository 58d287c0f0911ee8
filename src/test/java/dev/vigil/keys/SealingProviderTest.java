package dev.vigil.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealingProviderTest {
  @TempDir Path dir;

  private final Path passphrase = Path.of("passphrase.txt");
  private final Path gramineRoot = Path.of("/");

  @Test
  void selectsEachProviderByItsFlags() {
    assertThat(SealingProvider.fromFlags("file", Optional.empty(), Optional.empty(), gramineRoot))
        .isInstanceOf(FileSealing.class);
    assertThat(SealingProvider.fromFlags("passphrase", Optional.of(passphrase), Optional.empty(), gramineRoot))
        .isInstanceOf(PassphraseSealing.class);
    assertThat(SealingProvider.fromFlags("gramine", Optional.empty(), Optional.empty(), gramineRoot).flags())
        .isEqualTo("--sealing gramine --sealing-policy mrsigner");
    assertThat(SealingProvider.fromFlags("GRAMINE", Optional.empty(), Optional.of("MrEnclave"), gramineRoot).flags())
        .isEqualTo("--sealing gramine --sealing-policy mrenclave");
  }

  @Test
  void refusesFlagsThatDoNotFitNamingTheFlag() {
    assertThatThrownBy(() -> SealingProvider.fromFlags("tpm", Optional.empty(), Optional.empty(), gramineRoot))
        .hasMessage("--sealing must be file, passphrase or gramine, got 'tpm'");
    assertThatThrownBy(() -> SealingProvider.fromFlags("passphrase", Optional.empty(), Optional.empty(), gramineRoot))
        .hasMessage("--sealing passphrase needs --sealing-passphrase-file");
    assertThatThrownBy(() -> SealingProvider.fromFlags("file", Optional.empty(), Optional.of("mrsigner"), gramineRoot))
        .hasMessage("--sealing-policy applies only to --sealing gramine");
    assertThatThrownBy(() -> SealingProvider.fromFlags("gramine", Optional.of(passphrase), Optional.empty(), gramineRoot))
        .hasMessage("--sealing-passphrase-file applies only to --sealing passphrase");
    assertThatThrownBy(() -> SealingProvider.fromFlags("gramine", Optional.empty(), Optional.of("mrtd"), gramineRoot))
        .hasMessage("--sealing-policy must be mrsigner or mrenclave, got 'mrtd'");
  }

  @Test
  void startingWithAnotherProviderIsRefusedWithTheMigrationHint() throws IOException {
    Path dataDir = dir.resolve("data");
    SealedKeyStore.open(dataDir, new FileSealing());
    Path passphraseFile = Files.writeString(dir.resolve("passphrase.txt"), "p");
    assertThatThrownBy(() -> SealedKeyStore.open(dataDir, new PassphraseSealing(passphraseFile, 1 << 10)))
        .isInstanceOfSatisfying(SealingException.class,
            e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.PROVIDER_MISMATCH))
        .hasMessageContaining("were sealed with `--sealing file`")
        .hasMessageContaining("this start uses `--sealing passphrase`")
        .hasMessageContaining("vigil keys migrate");
  }
}
