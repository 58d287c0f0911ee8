// Messages of every type validator clients sign on mainnet, per fork, with their signing roots
// computed independently of Vigil by @lodestar/types (ChainSafe's SSZ) and the mainnet constants
// below (from the mainnet config.yaml). ClientRequestsTest renders each message as each client
// sends it and checks Vigil's signature over these roots. Re-run:
//   mkdir -p /tmp/lodestar && cd /tmp/lodestar && npm init -y && npm install @lodestar/types@1.50.0
//   cp <repo>/src/test/resources/client-requests/client-requests.mjs .
//   node client-requests.mjs > <repo>/src/test/resources/client-requests/mainnet-messages.json
// Values are pseudo-random from a fixed seed; slots and epochs fall inside each fork's window.
import {ssz} from "@lodestar/types";
import {
  BitArray, BitListType, BitVectorType, ByteVectorType, ContainerType, ListBasicType, ListCompositeType,
  UintBigintType, UintNumberType, VectorCompositeType,
} from "@chainsafe/ssz";

const GVR = "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95";
const GENESIS_VERSION = "0x00000000";
const FORKS = { // name: [version, epoch]
  PHASE0: ["0x00000000", 0], ALTAIR: ["0x01000000", 74240], BELLATRIX: ["0x02000000", 144896],
  CAPELLA: ["0x03000000", 194048], DENEB: ["0x04000000", 269568], ELECTRA: ["0x05000000", 364032],
  FULU: ["0x06000000", 411392],
};
const SLOTS_PER_EPOCH = 32;
const DOMAIN = {
  BEACON_PROPOSER: "0x00000000", BEACON_ATTESTER: "0x01000000", RANDAO: "0x02000000", VOLUNTARY_EXIT: "0x04000000",
  SELECTION_PROOF: "0x05000000", AGGREGATE_AND_PROOF: "0x06000000", SYNC_COMMITTEE: "0x07000000",
  SYNC_COMMITTEE_SELECTION_PROOF: "0x08000000", CONTRIBUTION_AND_PROOF: "0x09000000", APPLICATION_BUILDER: "0x00000001",
};

let seed = 0x0c11e475;
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
    const length = int(Math.min(type.limitBits, 300) + 1);
    return BitArray.fromBoolArray(Array.from({length}, () => next() < 0.5));
  }
  if (type instanceof ListBasicType || type instanceof ListCompositeType) {
    const length = int(Math.min(type.limit, depth > 1 ? 1 : 2) + 1);
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

const bytes = (hex) => Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
const hex = (b) => "0x" + Buffer.from(b).toString("hex");

function signingRoot(objectRoot, domainType, version, gvr) {
  const forkDataRoot = ssz.phase0.ForkData.hashTreeRoot({currentVersion: bytes(version), genesisValidatorsRoot: bytes(gvr)});
  const domain = new Uint8Array(32);
  domain.set(bytes(domainType), 0);
  domain.set(forkDataRoot.slice(0, 28), 4);
  return hex(ssz.phase0.SigningData.hashTreeRoot({objectRoot, domain}));
}

const cases = [];
function add(fork, kind, epoch, type, value, domainType, version, gvr = GVR) {
  cases.push({
    name: `${fork}/${kind}`, fork, kind, epoch: String(epoch),
    value: type.toJson(value),
    signing_root: signingRoot(type.hashTreeRoot(value), domainType, version, gvr),
  });
}

for (const [fork, [version, forkEpoch]] of Object.entries(FORKS)) {
  const epoch = forkEpoch + 100 + int(1000);
  const slot = epoch * SLOTS_PER_EPOCH + int(SLOTS_PER_EPOCH);
  if (fork === "PHASE0" || fork === "ALTAIR") {
    const type = ssz[fork.toLowerCase()].BeaconBlock;
    const block = {...random(type, 0), slot};
    add(fork, "BLOCK", epoch, type, block, DOMAIN.BEACON_PROPOSER, version);
  } else {
    const header = {...random(ssz.phase0.BeaconBlockHeader, 0), slot};
    add(fork, "BLOCK", epoch, ssz.phase0.BeaconBlockHeader, header, DOMAIN.BEACON_PROPOSER, version);
  }
  if (!["DENEB", "ELECTRA", "FULU"].includes(fork)) continue;

  const data = {...random(ssz.phase0.AttestationData, 0), slot,
    source: {epoch: epoch - 1, root: random(ssz.Root, 0)}, target: {epoch, root: random(ssz.Root, 0)}};
  add(fork, "ATTESTATION", epoch, ssz.phase0.AttestationData, data, DOMAIN.BEACON_ATTESTER, version);
  add(fork, "AGGREGATION_SLOT", epoch, ssz.Slot, slot, DOMAIN.SELECTION_PROOF, version);

  const aggregateType = fork === "DENEB" ? ssz.phase0.AggregateAndProof : ssz[fork.toLowerCase()].AggregateAndProof;
  const aggregate = random(aggregateType, 0);
  aggregate.aggregate.data = data;
  add(fork, "AGGREGATE_AND_PROOF", epoch, aggregateType, aggregate, DOMAIN.AGGREGATE_AND_PROOF, version);

  add(fork, "RANDAO_REVEAL", epoch, ssz.Epoch, epoch, DOMAIN.RANDAO, version);
  // EIP-7044: from Deneb on, every exit is verified over CAPELLA_FORK_VERSION.
  add(fork, "VOLUNTARY_EXIT", epoch, ssz.phase0.VoluntaryExit, {epoch, validatorIndex: int(2 ** 20)},
    DOMAIN.VOLUNTARY_EXIT, FORKS.CAPELLA[0]);
  add(fork, "SYNC_COMMITTEE_MESSAGE", epoch, new ContainerType({beaconBlockRoot: ssz.Root, slot: ssz.Slot}, {jsonCase: "eth2"}),
    {beaconBlockRoot: random(ssz.Root, 0), slot}, DOMAIN.SYNC_COMMITTEE, version);
  cases[cases.length - 1].signing_root = signingRoot(
    ssz.Root.hashTreeRoot(bytes(cases[cases.length - 1].value.beacon_block_root)), DOMAIN.SYNC_COMMITTEE, version, GVR);
  add(fork, "SYNC_COMMITTEE_SELECTION_PROOF", epoch, ssz.altair.SyncAggregatorSelectionData,
    {slot, subcommitteeIndex: int(4)}, DOMAIN.SYNC_COMMITTEE_SELECTION_PROOF, version);
  const contribution = random(ssz.altair.ContributionAndProof, 0);
  contribution.contribution.slot = slot;
  add(fork, "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF", epoch, ssz.altair.ContributionAndProof, contribution,
    DOMAIN.CONTRIBUTION_AND_PROOF, version);
  add(fork, "VALIDATOR_REGISTRATION", epoch, ssz.bellatrix.ValidatorRegistrationV1,
    random(ssz.bellatrix.ValidatorRegistrationV1, 0), DOMAIN.APPLICATION_BUILDER, GENESIS_VERSION,
    "0x" + "00".repeat(32));
}

console.log(JSON.stringify({
  _note: "Computed by client-requests.mjs with @lodestar/types 1.50.0 (see the script for how to re-run).",
  network: "mainnet",
  genesis_validators_root: GVR,
  cases,
}, null, 1));
