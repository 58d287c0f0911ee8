package dev.vigil.protection;

import dev.vigil.spec.Bytes32;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a key's records and floors are written to an EIP-3076 file. An importer learns floors only
 * as the file's minima (EIP-3076: refuse slot ≤ min slot, source < min source, target ≤ min
 * target), so records below this store's floors would lower them on the other side. Each record is
 * therefore written so that an importer refuses at least everything this store refuses, taking as
 * floors what this store enforces: the higher of its watermarks and its lowest records.
 *
 * <ul>
 *   <li>Blocks: records below the floor are left out (the floor refuses their slots anyway) and the
 *       floor itself is written as a block without signing root.
 *   <li>Attestations: a record with a source below the source floor refuses, for every vote the
 *       floor lets through, exactly the targets up to its own (double vote, or surrounded by it), so
 *       it raises the target floor to its target and is left out. Records with a target below that
 *       floor are written with the floor as target and no signing root: they still refuse the votes
 *       surrounding them, and what they refuse besides is below the floor anyway. The floors are
 *       written as one attestation without signing root.
 * </ul>
 *
 * <p>Proven by {@code FloorRecordsProperties}: an importer of the result never accepts what this
 * store refuses.
 */
final class FloorRecords {
  private FloorRecords() {}

  /** The blocks to write for a key with block floor {@code floor} (records in any order). */
  static List<SignedBlock> blocks(OptionalLong floor, List<SignedBlock> records) {
    if (floor.isEmpty()) {
      return records;
    }
    long slotFloor = Rules.max(floor, Watermarks.minimaOf(records, List.of()).blockSlot()).getAsLong();
    List<SignedBlock> written = new ArrayList<>();
    boolean floorRecorded = false;
    for (SignedBlock block : records) {
      int order = Long.compareUnsigned(block.slot(), slotFloor);
      if (order >= 0) {
        written.add(block);
        floorRecorded |= order == 0;
      }
    }
    if (!floorRecorded) {
      written.add(new SignedBlock(slotFloor, Optional.empty()));
    }
    written.sort(Comparator.comparing(SignedBlock::slot, Long::compareUnsigned));
    return written;
  }

  /** The attestations to write for a key with these floors (records in any order). */
  static List<SignedAttestation> attestations(Watermarks floors, List<SignedAttestation> records) {
    if (floors.attestationSource().isEmpty() && floors.attestationTarget().isEmpty()) {
      return records;
    }
    Watermarks lowest = Watermarks.minimaOf(List.of(), records);
    long sourceFloor = Rules.max(floors.attestationSource(), lowest.attestationSource()).orElse(0);
    long targetFloor = maxUnsigned(Rules.max(floors.attestationTarget(), lowest.attestationTarget()).orElse(0), sourceFloor);
    for (SignedAttestation record : records) {
      if (Long.compareUnsigned(record.sourceEpoch(), sourceFloor) < 0) {
        targetFloor = maxUnsigned(targetFloor, record.targetEpoch());
      }
    }
    Map<List<Long>, Optional<Bytes32>> written = new LinkedHashMap<>();
    for (SignedAttestation record : records) {
      if (Long.compareUnsigned(record.sourceEpoch(), sourceFloor) < 0) {
        continue;
      }
      if (Long.compareUnsigned(record.targetEpoch(), targetFloor) < 0) {
        merge(written, record.sourceEpoch(), targetFloor, Optional.empty());
      } else {
        merge(written, record.sourceEpoch(), record.targetEpoch(), record.signingRoot());
      }
    }
    long lowestSource = sourceFloor;
    long lowestTarget = targetFloor;
    if (written.keySet().stream().noneMatch(epochs -> epochs.get(0) == lowestSource)
        || written.keySet().stream().noneMatch(epochs -> epochs.get(1) == lowestTarget)) {
      written.putIfAbsent(List.of(sourceFloor, targetFloor), Optional.empty());
    }
    List<SignedAttestation> result = new ArrayList<>();
    written.forEach((epochs, root) -> result.add(new SignedAttestation(epochs.get(0), epochs.get(1), root)));
    result.sort(Comparator.comparing(SignedAttestation::targetEpoch, Long::compareUnsigned)
        .thenComparing(SignedAttestation::sourceEpoch, Long::compareUnsigned));
    return result;
  }

  /** Two records of one source and target with different roots become one without root. */
  private static void merge(
      Map<List<Long>, Optional<Bytes32>> written, long source, long target,
      Optional<Bytes32> root) {
    written.merge(List.of(source, target), root, (a, b) -> a.equals(b) ? a : Optional.empty());
  }

  private static long maxUnsigned(long a, long b) {
    return Long.compareUnsigned(a, b) >= 0 ? a : b;
  }
}
