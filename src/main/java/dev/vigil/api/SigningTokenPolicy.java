package dev.vigil.api;

import dev.vigil.signer.ArtifactType;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which signing types need the Keymanager API bearer token on {@code POST /api/v1/eth2/sign}:
 * DEPOSIT always (validator clients never sign deposits; deposit data made by anyone else could
 * capture a key's withdrawals), and the types the operator adds with {@code --require-token-for}.
 * Every other type is open to validator clients, which cannot send a token, as on Web3Signer.
 */
public final class SigningTokenPolicy {
  /** The types {@code --require-token-for} may add: the others are a validator client's duties. */
  public static final Set<ArtifactType> OPTIONAL = EnumSet.of(ArtifactType.VOLUNTARY_EXIT, ArtifactType.VALIDATOR_REGISTRATION);

  private final BearerToken token;
  private final Set<ArtifactType> required;

  public SigningTokenPolicy(BearerToken token, Set<ArtifactType> alsoRequired) {
    if (!OPTIONAL.containsAll(alsoRequired)) {
      throw new IllegalArgumentException("only " + OPTIONAL + " may be made to require the token, not " + alsoRequired);
    }
    this.token = token;
    this.required = EnumSet.of(ArtifactType.DEPOSIT);
    this.required.addAll(alsoRequired);
  }

  /** The types that need the token, DEPOSIT included. */
  public Set<ArtifactType> requiredTypes() {
    return EnumSet.copyOf(required);
  }

  /** Throws 401 (no token) or 403 (wrong token), naming the type, when {@code type} needs the token. */
  void check(ArtifactType type, String authorization) {
    if (!required.contains(type)) {
      return;
    }
    try {
      token.check(authorization);
    } catch (ApiException e) {
      throw new ApiException(e.status(), type + " is signed only for a holder of the Keymanager API token: " + e.getMessage());
    }
  }
}
