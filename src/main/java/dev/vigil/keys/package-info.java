/**
 * Sealed keys at rest (DESIGN section 3). Layout of a data dir:
 *
 * <pre>
 * sealing.json                 provider, policy, KDF and salt, and a check value sealed under the KEK
 * sealing.key                  the KEK of the {@code file} provider only (mode 0600)
 * keys/&lt;pubkey hex&gt;.sealed    one AES-256-GCM sealed secret per key (see SealedKeyFile)
 * keys/deleted/&lt;pubkey hex&gt;    tombstones of deleted keys
 * keys/imported/&lt;sha256 hex&gt;   the pubkey each already imported EIP-2335 keystore holds
 * </pre>
 *
 * Every file is written atomically (temporary file, fsync, rename, fsync of the directory).
 */
package dev.vigil.keys;
