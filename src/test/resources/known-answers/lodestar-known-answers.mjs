// Known answers for the Altair-and-later containers (Gloas ones with EIP-7495/7916 progressive merkleization), which have no ssz_static vectors in
// ../shared/vectors. Computes hash_tree_root and the SSZ serialization with @lodestar/types (ChainSafe's SSZ), independently of
// Vigil's Java code. Re-run:
//   mkdir -p /tmp/lodestar && cd /tmp/lodestar && npm init -y && npm install @lodestar/types@1.50.0
//   cp <repo>/src/test/resources/known-answers/{lodestar-known-answers,random-ssz-values}.mjs .
//   node lodestar-known-answers.mjs > <repo>/src/test/resources/known-answers/lodestar-mainnet.json
//   LODESTAR_PRESET=minimal node lodestar-known-answers.mjs > <repo>/src/test/resources/known-answers/lodestar-minimal.json
// Values are pseudo-random from a fixed seed; uint64 values stay below 2^53 because Lodestar's
// number-typed uint64 fields cannot carry more (full-range uint64 is covered by ssz_static).
import {ssz} from "@lodestar/types";
import {ACTIVE_PRESET} from "@lodestar/params";
import {randomValues} from "./random-ssz-values.mjs";

const TYPES = [
  "phase0.AttestationData", "phase0.VoluntaryExit",
  "altair.SyncAggregatorSelectionData", "altair.SyncCommitteeContribution", "altair.ContributionAndProof",
  "altair.SyncAggregate", "altair.BeaconBlockBody", "altair.BeaconBlock",
  "bellatrix.ValidatorRegistrationV1",
  "electra.Attestation", "electra.AggregateAndProof",
  "gloas.PayloadAttestationData", "gloas.ProposerPreferences", "gloas.BuilderRequestAuth",
  "gloas.ExecutionPayloadBid", "gloas.Attestation", "gloas.AggregateAndProof", "gloas.ExecutionPayloadEnvelope",
];
const RANDOM_CASES = 4;

const {random} = randomValues(0x5eed1234, {maxBitlistBits: 600, maxListLength: 3});

const cases = [];
for (const name of TYPES) {
  const [fork, typeName] = name.split(".");
  const type = ssz[fork][typeName];
  const values = [type.defaultValue()];
  for (let i = 0; i < RANDOM_CASES; i++) values.push(random(type));
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
