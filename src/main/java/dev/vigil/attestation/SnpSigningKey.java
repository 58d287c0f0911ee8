package dev.vigil.attestation;

import java.util.Arrays;

/**
 * The key that signs an SEV-SNP report, as FLAGS.SIGNING_KEY names it: the chip's own VCEK (derived
 * from a per-chip seed, certified by AMD's ASK) or a VLEK (a key AMD issues to a cloud provider and
 * the provider loads into the firmware, certified by AMD's ASVK; AWS signs this way). Both chain to
 * the same ARK. {@code NONE} means the report is unsigned.
 */
public enum SnpSigningKey {
  VCEK(0, "ASK"),
  VLEK(1, "ASVK"),
  NONE(7, "none");

  private final int field;
  private final String endorser;

  SnpSigningKey(int field, String endorser) {
    this.field = field;
    this.endorser = endorser;
  }

  /** The name of the AMD CA that certifies this kind of key. */
  String endorser() {
    return endorser;
  }

  /** The check names of this key's chain and TCB checks: {@code vcek_chain}, {@code vlek_tcb} … */
  String checkName(String suffix) {
    return name().toLowerCase(java.util.Locale.ROOT) + "_" + suffix;
  }

  static SnpSigningKey fromField(int value) {
    return Arrays.stream(values()).filter(key -> key.field == value).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("flags: SIGNING_KEY " + value + " is reserved (expected 0 VCEK, 1 VLEK or 7 none)"));
  }
}
