package dev.vigil.signer;

import dev.vigil.spec.Bytes32;
import java.util.Optional;

/**
 * A message ready to be signed: its signing root, computed from the request body by the spec
 * functions, and for blocks and attestations what slashing protection must decide on.
 */
public record SignableMessage(ArtifactType type, Bytes32 signingRoot, Optional<SlashableData> slashable) {

  public static SignableMessage unslashable(ArtifactType type, Bytes32 signingRoot) {
    return new SignableMessage(type, signingRoot, Optional.empty());
  }

  public static SignableMessage slashable(ArtifactType type, Bytes32 signingRoot, SlashableData data) {
    return new SignableMessage(type, signingRoot, Optional.of(data));
  }
}
