package dev.vigil.keys;

import java.util.List;

/**
 * What {@link SealedKeyStore#loadAll} found: the keys that unsealed and, separately, every file that
 * did not. {@link #close} wipes the secrets of all keys.
 */
public record LoadResult(List<UnsealedKey> keys, List<LoadFailure> failures) implements AutoCloseable {
  public LoadResult {
    keys = List.copyOf(keys);
    failures = List.copyOf(failures);
  }

  @Override
  public void close() {
    keys.forEach(UnsealedKey::close);
  }
}
