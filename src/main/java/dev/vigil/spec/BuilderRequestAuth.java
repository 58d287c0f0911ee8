package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;

/**
 * BuilderRequestAuth of the builder specs (Gloas): opaque {@code data}, ByteList[MAX_BUILDER_AUTH_DATA_SIZE],
 * and the slot it is valid for; signed under DOMAIN_BUILDER_REQUEST_AUTH.
 */
public record BuilderRequestAuth(ByteList data, long slot) implements SszContainer {
  /** MAX_BUILDER_AUTH_DATA_SIZE. */
  public static final int MAX_DATA_SIZE = 4096;

  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.byteList(data, MAX_DATA_SIZE), Merkleizer.uint64(slot));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().variable(data.toArray()).uint64(slot).finish();
  }
}
