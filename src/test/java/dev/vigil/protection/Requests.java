package dev.vigil.protection;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Test values: keys, roots and interchange files built from small numbers. */
final class Requests {
  static final Bytes32 GVR = root(0x6e);
  static final Bytes32 OTHER_GVR = root(0x6f);

  private Requests() {}

  static BLSPubkey key(int n) {
    byte[] bytes = new byte[BLSPubkey.SIZE];
    bytes[0] = (byte) 0xa0;
    bytes[44] = (byte) (n >>> 24);
    bytes[45] = (byte) (n >>> 16);
    bytes[46] = (byte) (n >>> 8);
    bytes[47] = (byte) n;
    return new BLSPubkey(bytes);
  }

  static BLSPubkey randomKey(Random random) {
    byte[] bytes = new byte[BLSPubkey.SIZE];
    random.nextBytes(bytes);
    return new BLSPubkey(bytes);
  }

  static Bytes32 root(int n) {
    byte[] bytes = new byte[Bytes32.SIZE];
    bytes[28] = (byte) (n >>> 24);
    bytes[29] = (byte) (n >>> 16);
    bytes[30] = (byte) (n >>> 8);
    bytes[31] = (byte) n;
    return new Bytes32(bytes);
  }

  /** An interchange file body: {@code data} is the JSON array text. */
  static byte[] interchange(Bytes32 gvr, String data) {
    return ("{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\"" + gvr
        + "\"},\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
  }
}
