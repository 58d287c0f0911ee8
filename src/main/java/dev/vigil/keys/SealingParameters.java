package dev.vigil.keys;

import dev.vigil.spec.Bytes32;
import java.util.Optional;

/**
 * What re-derives a data dir's key-encryption key, stored beside the sealed keys (never the key
 * itself): the provider, its policy, and the key-derivation function with its salt and costs.
 */
public record SealingParameters(String provider, Optional<String> policy, Optional<KeyDerivation> kdf) {

  /** A key-derivation function and everything it needs besides its secret input. */
  public sealed interface KeyDerivation permits Scrypt, Hkdf {}

  /** scrypt over a passphrase: cost {@code n} (a power of two), block size {@code r}, parallelism {@code p}. */
  public record Scrypt(Bytes32 salt, int n, int r, int p) implements KeyDerivation {
    public Scrypt {
      if (n < 2 || Integer.bitCount(n) != 1) {
        throw new IllegalArgumentException("scrypt n must be a power of two above 1, got " + n);
      }
      if (r < 1 || p < 1) {
        throw new IllegalArgumentException("scrypt r and p must be positive, got r=" + r + " p=" + p);
      }
    }
  }

  /** HKDF-SHA256 over a platform sealing key, with {@code info} as the context label. */
  public record Hkdf(Bytes32 salt, String info) implements KeyDerivation {}

  /** Provider and policy in one word ("gramine/mrsigner"), written into every sealed key file. */
  public String id() {
    return provider + policy.map(p -> "/" + p).orElse("");
  }

  /** The command-line flags that select this sealing, for messages to the operator. */
  public String flags() {
    return flags(provider, policy);
  }

  static String flags(String provider, Optional<String> policy) {
    return "--sealing " + provider + policy.map(p -> " --sealing-policy " + p).orElse("");
  }
}
