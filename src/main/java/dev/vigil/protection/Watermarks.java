package dev.vigil.protection;

import java.util.OptionalLong;

/**
 * Low watermarks a key keeps after pruning: blocks at or below {@code blockSlot}, attestations
 * with a source below {@code attestationSource} or a target at or below {@code attestationTarget}
 * are refused.
 */
record Watermarks(OptionalLong blockSlot, OptionalLong attestationSource, OptionalLong attestationTarget) {
  static final Watermarks NONE = new Watermarks(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
}
