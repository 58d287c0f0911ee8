package dev.vigil.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.crypto.Eip2335Keystore;
import dev.vigil.keys.SealedKeyStore;
import dev.vigil.protection.InterchangeException;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.json.BoundedJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds and removes keys at run time (the Keymanager API): every key added is sealed to disk before
 * it can sign, every key removed stops signing before its history is exported, and a removed key
 * stays removed across restarts.
 */
public final class KeyManager {
  private static final Logger LOG = LoggerFactory.getLogger(KeyManager.class);
  private static final ObjectMapper JSON = BoundedJson.mapper();

  /** Per-keystore outcome of an import, as the Keymanager API names them. */
  public enum ImportStatus { IMPORTED, DUPLICATE, ERROR }

  public record ImportResult(ImportStatus status, String message) {}

  /** Per-key outcome of a delete, as the Keymanager API names them. */
  public enum DeleteStatus { DELETED, NOT_ACTIVE, NOT_FOUND, ERROR }

  public record DeleteResult(DeleteStatus status, String message) {}

  /** The statuses in request order and the EIP-3076 history of the requested keys. */
  public record Deletion(List<DeleteResult> results, String slashingProtection) {}

  private static final ImportResult NOT_DECRYPTED =
      new ImportResult(ImportStatus.ERROR, "not decrypted: the client closed its connection before this keystore's turn");

  private final KeyRing keys;
  private final Signer signer;
  private final SealedKeyStore sealedKeys;
  private final SlashingProtection protection;
  /** Held for the whole of each import (see {@link #importKeystores}); package-visible for its test. */
  final Object importLock = new Object();

  public KeyManager(KeyRing keys, Signer signer, SealedKeyStore sealedKeys, SlashingProtection protection) {
    this.keys = keys;
    this.signer = signer;
    this.sealedKeys = sealedKeys;
    this.protection = protection;
  }

  /**
   * Imports EIP-2335 keystores with their passwords (same order). The slashing-protection history,
   * when given, is imported first; if it is refused, no key is imported (each keystore's result says
   * why). {@code clientGone} is asked before each keystore's decryption: once it is true, the
   * remaining keystores are not decrypted (their results say so) and the keys already imported stay
   * imported, each sealed and loaded as a whole.
   *
   * @throws IllegalArgumentException naming {@code slashing_protection} when it is refused and there is
   *     no keystore whose result could say so
   */
  public List<ImportResult> importKeystores(
      List<String> keystores, List<String> passwords, Optional<String> slashingProtection, BooleanSupplier clientGone) {
    if (keystores.size() != passwords.size()) {
      throw new IllegalArgumentException(
          "passwords: " + passwords.size() + " given for " + keystores.size() + " keystores");
    }
    if (slashingProtection.isPresent()) {
      try {
        protection.importInterchange(new ByteArrayInputStream(slashingProtection.get().getBytes(StandardCharsets.UTF_8)));
      } catch (InterchangeException e) {
        String message = "slashing_protection refused, no key imported: " + e.getMessage();
        if (keystores.isEmpty()) {
          throw new IllegalArgumentException("slashing_protection: refused, nothing imported: " + e.getMessage());
        }
        return keystores.stream().map(k -> new ImportResult(ImportStatus.ERROR, message)).toList();
      }
    }
    List<ImportResult> results = new ArrayList<>();
    // One import at a time: a keystore's KDF costs up to ~1 s and 256 MiB (see KeystoreKdf), so
    // concurrent imports are what could exhaust the heap or the cores, never one import. Work for a
    // client that has left would hold the lock for nothing (a body holds thousands of keystores).
    synchronized (importLock) {
      for (int i = 0; i < keystores.size(); i++) {
        if (clientGone.getAsBoolean()) {
          LOG.warn("keystore import abandoned: the client left after {} of {} keystores", i, keystores.size());
          results.addAll(Collections.nCopies(keystores.size() - i, NOT_DECRYPTED));
          break;
        }
        results.add(importOne(keystores.get(i), passwords.get(i)));
      }
    }
    return results;
  }

  private ImportResult importOne(String keystoreJson, String password) {
    BlsSecretKey secretKey;
    try {
      secretKey = Eip2335Keystore.parse(keystoreJson).decrypt(password);
    } catch (IllegalArgumentException e) {
      return new ImportResult(ImportStatus.ERROR, e.getMessage());
    }
    BLSPubkey pubkey = secretKey.publicKey().toBytes();
    if (keys.contains(pubkey)) {
      secretKey.destroy();
      return new ImportResult(ImportStatus.DUPLICATE, "key " + pubkey + " is already loaded");
    }
    try {
      byte[] secret = secretKey.toBytes();
      try {
        sealedKeys.put(pubkey, secret);
      } finally {
        java.util.Arrays.fill(secret, (byte) 0);
      }
    } catch (RuntimeException e) {
      secretKey.destroy();
      LOG.error("could not seal key {}: {}", pubkey, e.getMessage());
      return new ImportResult(ImportStatus.ERROR, "could not seal the key: " + e.getMessage());
    }
    keys.add(pubkey, secretKey);
    LOG.info("imported key {} through the Keymanager API", pubkey);
    return new ImportResult(ImportStatus.IMPORTED, "");
  }

  /**
   * Removes keys: they stop signing at once (also after a restart), then their complete
   * slashing-protection history is exported for the caller to take elsewhere.
   */
  public Deletion delete(List<BLSPubkey> pubkeys) {
    Set<BLSPubkey> requested = new LinkedHashSet<>(pubkeys);
    Set<BLSPubkey> wasActive = new LinkedHashSet<>(signer.removeKeys(requested));
    List<String> errors = new ArrayList<>(java.util.Collections.nCopies(pubkeys.size(), null));
    Set<BLSPubkey> removedFromStore = new LinkedHashSet<>();
    for (BLSPubkey pubkey : requested) {
      try {
        if (sealedKeys.delete(pubkey)) {
          removedFromStore.add(pubkey);
        }
      } catch (RuntimeException e) {
        LOG.error("could not delete sealed key {}: {}", pubkey, e.getMessage());
        for (int i = 0; i < pubkeys.size(); i++) {
          if (pubkeys.get(i).equals(pubkey)) {
            errors.set(i, "could not delete the sealed key: " + e.getMessage());
          }
        }
      }
    }
    String history = history(requested);
    Set<BLSPubkey> withHistory = pubkeysWithHistory(history);
    List<DeleteResult> results = new ArrayList<>();
    for (int i = 0; i < pubkeys.size(); i++) {
      BLSPubkey pubkey = pubkeys.get(i);
      if (errors.get(i) != null) {
        results.add(new DeleteResult(DeleteStatus.ERROR, errors.get(i)));
      } else if (wasActive.contains(pubkey) || removedFromStore.contains(pubkey)) {
        results.add(new DeleteResult(DeleteStatus.DELETED, ""));
      } else if (withHistory.contains(pubkey)) {
        results.add(new DeleteResult(DeleteStatus.NOT_ACTIVE, "key not loaded; its slashing-protection history is returned"));
      } else {
        results.add(new DeleteResult(DeleteStatus.NOT_FOUND, "no key and no slashing-protection history"));
      }
    }
    if (!wasActive.isEmpty()) {
      LOG.info("deleted {} key(s) through the Keymanager API: {}", wasActive.size(), wasActive);
    }
    return new Deletion(results, history);
  }

  /**
   * The EIP-3076 history of these keys. Before any chain is pinned the store has no record at all,
   * so the document is empty (with a zero root, as the format requires one).
   */
  private String history(Set<BLSPubkey> pubkeys) {
    if (protection.genesisValidatorsRoot().isEmpty()) {
      return "{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\""
          + Bytes32.ZERO + "\"},\"data\":[]}";
    }
    ByteArrayOutputStream interchange = new ByteArrayOutputStream();
    protection.exportInterchange(interchange, pubkeys);
    return interchange.toString(StandardCharsets.UTF_8);
  }

  /** The keys that have at least one record in an EIP-3076 interchange document. */
  private static Set<BLSPubkey> pubkeysWithHistory(String interchange) {
    Set<BLSPubkey> pubkeys = new LinkedHashSet<>();
    try {
      for (JsonNode entry : JSON.readTree(interchange).path("data")) {
        if (entry.path("signed_blocks").size() + entry.path("signed_attestations").size() > 0) {
          pubkeys.add(BLSPubkey.fromHex(entry.path("pubkey").asText()));
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("slashing protection exported malformed JSON", e);
    }
    return pubkeys;
  }
}
