package dev.vigil.keys;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the key-encryption key (KEK) of the sealed key store comes from. The provider never stores
 * the KEK beside the keys, only the {@link SealingParameters} that re-derive it (except {@code file},
 * whose KEK file is the whole point and the whole weakness).
 */
public sealed interface SealingProvider permits FileSealing, PassphraseSealing, GramineSealing {

  /** The provider's name as given to {@code --sealing}. */
  String name();

  /** The policy as given to {@code --sealing-policy}, for providers that have one. */
  Optional<String> policy();

  /** A warning the operator must see at start, when the provider protects less than one may assume. */
  Optional<String> warning();

  /**
   * Prepares a data dir that has no sealing yet (fresh random salt; {@code file} creates its KEK
   * file) and returns the parameters to store.
   */
  SealingParameters initialize(Path dataDir);

  /**
   * Derives the KEK (32 bytes, the caller wipes it) from parameters stored by {@link #initialize}
   * with the same provider and policy.
   *
   * @throws SealingException when the provider's input is missing or unreadable
   */
  byte[] deriveKey(Path dataDir, SealingParameters parameters);

  /** What most likely went wrong when the derived KEK does not open the data dir. */
  String wrongKeyHint(Path dataDir);

  /** The command-line flags that select this provider, for messages. */
  default String flags() {
    return SealingParameters.flags(name(), policy());
  }

  /**
   * The provider selected by the {@code serve} flags: {@code sealing} is file, passphrase or gramine;
   * {@code passphraseFile} is required by (and only by) passphrase; {@code policy} (mrsigner,
   * mrenclave; default mrsigner) only by gramine; {@code gramineRoot} is "/" except in tests.
   */
  static SealingProvider fromFlags(
      String sealing, Optional<Path> passphraseFile, Optional<String> policy, Path gramineRoot) {
    String name = sealing == null ? "" : sealing.toLowerCase(Locale.ROOT);
    if (!name.equals(GramineSealing.NAME) && policy.isPresent()) {
      throw new IllegalArgumentException("--sealing-policy applies only to --sealing gramine");
    }
    if (!name.equals(PassphraseSealing.NAME) && passphraseFile.isPresent()) {
      throw new IllegalArgumentException(
          "--sealing-passphrase-file applies only to --sealing passphrase");
    }
    switch (name) {
      case FileSealing.NAME:
        return new FileSealing();
      case PassphraseSealing.NAME:
        return new PassphraseSealing(
            passphraseFile.orElseThrow(
                () -> new IllegalArgumentException(
                    "--sealing passphrase needs --sealing-passphrase-file")));
      case GramineSealing.NAME:
        return new GramineSealing(
            gramineRoot, policy.map(GramineSealing.Policy::parse).orElse(GramineSealing.Policy.MRSIGNER));
      default:
        throw new IllegalArgumentException(
            "--sealing must be file, passphrase or gramine, got '" + sealing + "'");
    }
  }
}
