package dev.vigil.signer;

import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.spec.BLSPubkey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The unsealed secret keys in process memory, by public key. The only holder of secrets. */
public final class KeyRing {
  private final ConcurrentHashMap<BLSPubkey, BlsSecretKey> keys = new ConcurrentHashMap<>();

  /** Adds a key; returns false when a key for this public key is already loaded. */
  public boolean add(BLSPubkey pubkey, BlsSecretKey secretKey) {
    return keys.putIfAbsent(pubkey, secretKey) == null;
  }

  /** Removes a key so that it signs nothing more; returns whether it was loaded. */
  public boolean remove(BLSPubkey pubkey) {
    BlsSecretKey removed = keys.remove(pubkey);
    return removed != null;
  }

  Optional<BlsSecretKey> get(BLSPubkey pubkey) {
    return Optional.ofNullable(keys.get(pubkey));
  }

  public boolean contains(BLSPubkey pubkey) {
    return keys.containsKey(pubkey);
  }

  /** The loaded public keys, sorted. */
  public List<BLSPubkey> publicKeys() {
    return keys.keySet().stream().sorted().toList();
  }

  public int size() {
    return keys.size();
  }
}
