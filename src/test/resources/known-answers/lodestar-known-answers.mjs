// Known answers for the Altair-and-later containers, which have no ssz_static vectors in
// ../shared/vectors. Computes hash_tree_root and the SSZ serialization with @lodestar/types (ChainSafe's SSZ), independently of
// Vigil's Java code. Re-run:
//   mkdir -p /tmp/lodestar && cd /tmp/lodestar && npm init -y && npm install @lodestar/types@1.50.0
//   cp <repo>/src/test/resources/known-answers/lodestar-known-answers.mjs .
//   node lodestar-known-answers.mjs > <repo>/src/test/resources/known-answers/lodestar-mainnet.json
//   LODESTAR_PRESET=minimal node lodestar-known-answers.mjs > <repo>/src/test/resources/known-answers/lodestar-minimal.json
// Values are pseudo-random from a fixed seed; uint64 values stay below 2^53 because Lodestar's
// number-typed uint64 fields cannot carry more (full-range uint64 is covered by ssz_static).
import {ssz} from "@lodestar/types";
import {ACTIVE_PRESET} from "@lodestar/params";
import {
  BitArray, BitListType, BitVectorType, ByteVectorType, ContainerType, ListBasicType, ListCompositeType,
  UintBigintType, UintNumberType, VectorCompositeType,
} from "@chainsafe/ssz";

const TYPES = [
  "phase0.AttestationData", "phase0.VoluntaryExit",
  "altair.SyncAggregatorSelectionData", "altair.SyncCommitteeContribution", "altair.ContributionAndProof",
  "altair.SyncAggregate", "altair.BeaconBlockBody", "altair.BeaconBlock",
  "bellatrix.ValidatorRegistrationV1",
  "electra.Attestation", "electra.AggregateAndProof",
];
const RANDOM_CASES = 4;

let seed = 0x5eed1234;
function next() { // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(next() * n);

function random(type, depth) {
  if (type instanceof UintNumberType) return int(2 ** 21) * 2 ** 32 + int(2 ** 32); // < 2^53
  if (type instanceof UintBigintType) return (BigInt(int(2 ** 32)) << 32n) | BigInt(int(2 ** 32));
  if (type instanceof ByteVectorType) return Uint8Array.from({length: type.lengthBytes}, () => int(256));
  if (type instanceof BitVectorType) return BitArray.fromBoolArray(Array.from({length: type.lengthBits}, () => next() < 0.5));
  if (type instanceof BitListType) {
    const length = int(Math.min(type.limitBits, 600) + 1);
    return BitArray.fromBoolArray(Array.from({length}, () => next() < 0.5));
  }
  if (type instanceof ListBasicType || type instanceof ListCompositeType) {
    const length = int(Math.min(type.limit, depth > 1 ? 1 : 3) + 1);
    return Array.from({length}, () => random(type.elementType, depth + 1));
  }
  if (type instanceof VectorCompositeType) return Array.from({length: type.length}, () => random(type.elementType, depth + 1));
  if (type instanceof ContainerType) {
    const value = {};
    for (const [name, field] of Object.entries(type.fields)) value[name] = random(field, depth + 1);
    return value;
  }
  throw new Error("no generator for " + type.constructor.name);
}

const cases = [];
for (const name of TYPES) {
  const [fork, typeName] = name.split(".");
  const type = ssz[fork][typeName];
  const values = [type.defaultValue()];
  for (let i = 0; i < RANDOM_CASES; i++) values.push(random(type, 0));
  values.forEach((value, i) => cases.push({
    name: `${ACTIVE_PRESET}/${name}/${i === 0 ? "zero" : "random_" + i}`,
    type: name,
    value: type.toJson(value),
    root: "0x" + Buffer.from(type.hashTreeRoot(value)).toString("hex"),
    ssz: "0x" + Buffer.from(type.serialize(value)).toString("hex"),
  }));
}
console.log(JSON.stringify({
  _note: "Computed by lodestar-known-answers.mjs with @lodestar/types (see the script for how to re-run).",
  preset: ACTIVE_PRESET,
  cases,
}, null, 1));
