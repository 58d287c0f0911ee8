package dev.vigil.attestation;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A TDX guest's boot event log (the ACPI CCEL table's log area, {@code /sys/firmware/acpi/tables/data/CCEL}),
 * in the TCG2 crypto-agile format (TCG PC Client Platform Firmware Profile §10): a first SHA-1-format
 * event carrying the "Spec ID Event03" that lists the digest algorithms, then TCG_PCR_EVENT2 records
 * (index, type, digests, event data) up to the region's 0xFF (or zero) padding. In CCEL the index is the
 * measurement register: 1–4 are RTMR0–3 (0 would be MRTD, which the firmware does not extend).
 */
record CcelEventLog(List<Event> events) {
  static final int SHA384 = 0x000C;
  static final int EV_NO_ACTION = 0x3;
  private static final byte[] SPEC_ID = "Spec ID Event03\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** One measured event: the register it extends (0-based RTMR), its type and its SHA-384 digest. */
  record Event(int rtmr, int type, byte[] sha384) {}

  static CcelEventLog parse(byte[] log) {
    ByteBuffer in = ByteBuffer.wrap(log).order(ByteOrder.LITTLE_ENDIAN);
    try {
      in.getInt(); // index of the Spec ID event
      if (in.getInt() != EV_NO_ACTION) {
        throw new IllegalArgumentException("event log: the first event is not the EV_NO_ACTION Spec ID event");
      }
      in.position(in.position() + 20); // SHA-1 digest
      int specSize = in.getInt();
      if (specSize < 0 || specSize > in.remaining()) {
        throw new IllegalArgumentException("event log: the Spec ID event's size runs beyond the log");
      }
      byte[] spec = new byte[specSize];
      in.get(spec);
      if (spec.length < 28 || !Arrays.equals(spec, 0, SPEC_ID.length, SPEC_ID, 0, SPEC_ID.length)) {
        throw new IllegalArgumentException("event log: no \"Spec ID Event03\": not a TCG2 crypto-agile log");
      }
      ByteBuffer specIn = ByteBuffer.wrap(spec).order(ByteOrder.LITTLE_ENDIAN);
      int algorithms = specIn.getInt(24);
      if (algorithms < 0 || algorithms > (spec.length - 28) / 4) {
        throw new IllegalArgumentException("event log: the Spec ID event lists " + Integer.toUnsignedString(algorithms)
            + " digest algorithms, more than its " + spec.length + " bytes hold");
      }
      int[] sizes = new int[0x10000];
      Arrays.fill(sizes, -1);
      for (int i = 0; i < algorithms; i++) {
        sizes[Short.toUnsignedInt(specIn.getShort(28 + 4 * i))] = Short.toUnsignedInt(specIn.getShort(30 + 4 * i));
      }
      if (sizes[SHA384] != 48) {
        throw new IllegalArgumentException("event log: the Spec ID event lists no SHA-384 digests");
      }
      List<Event> events = new ArrayList<>();
      while (in.remaining() >= 8 && !padding(log, in.position())) {
        int at = in.position();
        int index = in.getInt();
        int type = in.getInt();
        int count = in.getInt();
        byte[] sha384 = null;
        for (int i = 0; i < count; i++) {
          int algorithm = Short.toUnsignedInt(in.getShort());
          if (sizes[algorithm] < 0) {
            throw new IllegalArgumentException("event log: event at " + at + " has a digest of algorithm 0x"
                + Integer.toHexString(algorithm) + " the Spec ID event does not list");
          }
          if (sizes[algorithm] > in.remaining()) {
            throw new IllegalArgumentException("event log: event at " + at + " has a digest running beyond the log");
          }
          byte[] digest = new byte[sizes[algorithm]];
          in.get(digest);
          if (algorithm == SHA384) {
            sha384 = digest;
          }
        }
        int size = in.getInt();
        if (size < 0 || size > in.remaining()) {
          throw new IllegalArgumentException("event log: event at " + at + " has " + Integer.toUnsignedString(size) + " bytes of data, beyond the log");
        }
        in.position(in.position() + size);
        if (type == EV_NO_ACTION) {
          continue;
        }
        if (index < 1 || index > 4) {
          throw new IllegalArgumentException("event log: event at " + at + " extends register index " + index + ", not RTMR0–3 (1–4)");
        }
        if (sha384 == null) {
          throw new IllegalArgumentException("event log: event at " + at + " has no SHA-384 digest");
        }
        events.add(new Event(index - 1, type, sha384));
      }
      return new CcelEventLog(List.copyOf(events));
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("event log: truncated");
    }
  }

  /** The rest of the region is padding when its next event header reads all 0xFF or all zero. */
  private static boolean padding(byte[] log, int at) {
    boolean ff = true;
    boolean zero = true;
    for (int i = at; i < at + 8; i++) {
      ff &= log[i] == (byte) 0xFF;
      zero &= log[i] == 0;
    }
    return ff || zero;
  }

  /** RTMR0–3 as the events extend them from zero: RTMR = SHA-384(RTMR ‖ digest). */
  List<byte[]> replay() {
    List<byte[]> rtmrs = new ArrayList<>(List.of(new byte[48], new byte[48], new byte[48], new byte[48]));
    for (Event event : events) {
      MessageDigest sha384 = sha384();
      sha384.update(rtmrs.get(event.rtmr()));
      sha384.update(event.sha384());
      rtmrs.set(event.rtmr(), sha384.digest());
    }
    return rtmrs;
  }

  private static MessageDigest sha384() {
    try {
      return MessageDigest.getInstance("SHA-384");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-384", e);
    }
  }
}
