package dev.vigil.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * HTTPS settings: a PKCS#12 keystore with the server's key and certificate, and how clients are
 * authenticated: by a known-clients file of SHA-256 certificate fingerprints, or not at all
 * ({@code allowAnyClient}). Exactly one of the two must be chosen, as in Web3Signer.
 */
public record TlsOptions(
    Path keystoreFile, char[] keystorePassword, Optional<Path> knownClientsFile, boolean allowAnyClient) {

  public TlsOptions {
    if (knownClientsFile.isPresent() && allowAnyClient) {
      throw new IllegalArgumentException(
          "--tls-known-clients-file and --tls-allow-any-client cannot be used together");
    }
    if (knownClientsFile.isEmpty() && !allowAnyClient) {
      throw new IllegalArgumentException(
          "TLS needs --tls-known-clients-file (client certificates required) or --tls-allow-any-client");
    }
  }
}
