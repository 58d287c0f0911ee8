package dev.vigil.spec;

import dev.vigil.spec.ssz.SszPresetContainer;

/** A full beacon block body of one fork (phase0 or Altair; later forks are signed by header). */
public sealed interface BlockBody extends SszPresetContainer permits BeaconBlockBody, BeaconBlockBodyAltair {}
