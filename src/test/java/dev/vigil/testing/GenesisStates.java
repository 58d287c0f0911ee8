package dev.vigil.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Genesis BeaconState files (genesis.ssz) for tests. */
public final class GenesisStates {
  private GenesisStates() {}

  /**
   * A genesis.ssz truncated after its first field genesis_time (uint64 little-endian) and 8 bytes of
   * genesis_validators_root: all that is read of a state is its genesis time.
   */
  public static byte[] truncated(long genesisTime) {
    return ByteBuffer.allocate(2 * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(genesisTime).putLong(-1L).array();
  }
}
