// Messages of every type validator clients sign on mainnet, per fork, with their signing roots
// computed independently of Vigil by @lodestar/types (ChainSafe's SSZ) and the mainnet constants
// below (from the mainnet config.yaml). ClientRequestsTest renders each message as each client
// sends it and checks Vigil's signature over these roots. Re-run:
//   mkdir -p /tmp/lodestar && cd /tmp/lodestar && npm init -y && npm install @lodestar/types@1.50.0
//   cp <repo>/src/test/resources/client-requests/client-requests.mjs <repo>/src/test/resources/known-answers/random-ssz-values.mjs .
//   node client-requests.mjs > <repo>/src/test/resources/client-requests/mainnet-messages.json
//   NETWORK=gloas-devnet node client-requests.mjs > <repo>/src/test/resources/client-requests/gloas-devnet-messages.json
// gloas-devnet is gloas-devnet-config.yaml beside this script: every fork at genesis up to Fulu, Gloas at epoch 100.
// Values are pseudo-random from a fixed seed; slots and epochs fall inside each fork's window.
import {ssz} from "@lodestar/types";
import {ContainerType} from "@chainsafe/ssz";
import {randomValues} from "./random-ssz-values.mjs";

const GLOAS_DEVNET = process.env.NETWORK === "gloas-devnet";
const GVR = GLOAS_DEVNET
  ? "0x" + "9a".repeat(32)
  : "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95";
const GENESIS_VERSION = GLOAS_DEVNET ? "0x10000000" : "0x00000000";
const FORKS = GLOAS_DEVNET ? { // name: [version, epoch]
  PHASE0: ["0x10000000", 0], ALTAIR: ["0x20000000", 0], BELLATRIX: ["0x30000000", 0], CAPELLA: ["0x40000000", 0],
  DENEB: ["0x50000000", 0], ELECTRA: ["0x60000000", 0], FULU: ["0x70000000", 0], GLOAS: ["0x80000000", 100],
} : {
  PHASE0: ["0x00000000", 0], ALTAIR: ["0x01000000", 74240], BELLATRIX: ["0x02000000", 144896],
  CAPELLA: ["0x03000000", 194048], DENEB: ["0x04000000", 269568], ELECTRA: ["0x05000000", 364032],
  FULU: ["0x06000000", 411392],
};
const SLOTS_PER_EPOCH = 32;
const DOMAIN = {
  BEACON_PROPOSER: "0x00000000", BEACON_ATTESTER: "0x01000000", RANDAO: "0x02000000", VOLUNTARY_EXIT: "0x04000000",
  SELECTION_PROOF: "0x05000000", AGGREGATE_AND_PROOF: "0x06000000", SYNC_COMMITTEE: "0x07000000",
  SYNC_COMMITTEE_SELECTION_PROOF: "0x08000000", CONTRIBUTION_AND_PROOF: "0x09000000", APPLICATION_BUILDER: "0x00000001",
  BEACON_BUILDER: "0x0b000000", PTC_ATTESTER: "0x0c000000", PROPOSER_PREFERENCES: "0x0d000000",
  BUILDER_REQUEST_AUTH: "0x0b000001",
};

const {int, random} = randomValues(0x0c11e475, {maxBitlistBits: 300, maxListLength: 2});

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

function gloasDevnet() {
  const [version, gloasEpoch] = FORKS.GLOAS;
  const fuluEpoch = 50; // before Gloas: Electra's aggregate container
  const fuluSlot = fuluEpoch * SLOTS_PER_EPOCH + 3;
  const fuluAggregate = random(ssz.fulu.AggregateAndProof, 0);
  fuluAggregate.aggregate.data.slot = fuluSlot;
  add("FULU", "AGGREGATE_AND_PROOF", fuluEpoch, ssz.fulu.AggregateAndProof, fuluAggregate, DOMAIN.AGGREGATE_AND_PROOF, FORKS.FULU[0]);

  const epoch = gloasEpoch + 20 + int(100);
  const slot = epoch * SLOTS_PER_EPOCH + int(SLOTS_PER_EPOCH);
  add("GLOAS", "BLOCK", epoch, ssz.phase0.BeaconBlockHeader, {...random(ssz.phase0.BeaconBlockHeader, 0), slot},
    DOMAIN.BEACON_PROPOSER, version);
  const aggregate = random(ssz.gloas.AggregateAndProof, 0);
  aggregate.aggregate.data.slot = slot;
  add("GLOAS", "AGGREGATE_AND_PROOF", epoch, ssz.gloas.AggregateAndProof, aggregate, DOMAIN.AGGREGATE_AND_PROOF, version);
  add("GLOAS", "VOLUNTARY_EXIT", epoch, ssz.phase0.VoluntaryExit, {epoch, validatorIndex: int(2 ** 20)},
    DOMAIN.VOLUNTARY_EXIT, FORKS.CAPELLA[0]);
  add("GLOAS", "EXECUTION_PAYLOAD_BID", epoch, ssz.gloas.ExecutionPayloadBid,
    {...random(ssz.gloas.ExecutionPayloadBid, 0), slot}, DOMAIN.BEACON_BUILDER, version);
  const envelope = random(ssz.gloas.ExecutionPayloadEnvelope, 0);
  envelope.payload.slotNumber = slot;
  add("GLOAS", "EXECUTION_PAYLOAD_ENVELOPE", epoch, ssz.gloas.ExecutionPayloadEnvelope, envelope, DOMAIN.BEACON_BUILDER, version);
  add("GLOAS", "PAYLOAD_ATTESTATION_MESSAGE", epoch, ssz.gloas.PayloadAttestationData,
    {...random(ssz.gloas.PayloadAttestationData, 0), slot}, DOMAIN.PTC_ATTESTER, version);
  add("GLOAS", "PROPOSER_PREFERENCES", epoch, ssz.gloas.ProposerPreferences,
    {...random(ssz.gloas.ProposerPreferences, 0), proposalSlot: slot}, DOMAIN.PROPOSER_PREFERENCES, version);
  add("GLOAS", "BUILDER_REQUEST_AUTH", epoch, ssz.gloas.BuilderRequestAuth,
    {data: Uint8Array.from({length: 40}, () => int(256)), slot}, DOMAIN.BUILDER_REQUEST_AUTH, GENESIS_VERSION,
    "0x" + "00".repeat(32));
}

if (GLOAS_DEVNET) gloasDevnet();
else for (const [fork, [version, forkEpoch]] of Object.entries(FORKS)) {
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
  network: GLOAS_DEVNET ? "gloas-devnet" : "mainnet",
  genesis_validators_root: GVR,
  cases,
}, null, 1));
