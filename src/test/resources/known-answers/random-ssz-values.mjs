// Pseudo-random values of any @chainsafe/ssz type from a fixed seed (mulberry32), shared by
// lodestar-known-answers.mjs and ../client-requests/client-requests.mjs. uint64 values stay below
// 2^53 where Lodestar types them as numbers.
import {
  BitArray, BitListType, BitVectorType, BooleanType, ByteListType, ByteVectorType, ContainerType, ListBasicType,
  ListCompositeType, ProgressiveBitListType, ProgressiveByteListType, ProgressiveContainerType,
  ProgressiveListCompositeType, UintBigintType, UintNumberType, VectorCompositeType,
} from "@chainsafe/ssz";

/** A generator: {next, int, random(type)}; maxBitlistBits and maxListLength bound the sizes of ordinary lists. */
export function randomValues(seed, {maxBitlistBits, maxListLength}) {
  function next() {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  const int = (n) => Math.floor(next() * n);

  function random(type, depth = 0) {
    if (type instanceof UintNumberType) return int(2 ** 21) * 2 ** 32 + int(2 ** 32); // < 2^53
    if (type instanceof UintBigintType && type.byteLength === 32) { // uint256
      return Array.from({length: 8}, () => BigInt(int(2 ** 32))).reduce((v, word) => (v << 32n) | word, 0n);
    }
    if (type instanceof UintBigintType) return (BigInt(int(2 ** 32)) << 32n) | BigInt(int(2 ** 32));
    if (type instanceof ByteVectorType) return Uint8Array.from({length: type.lengthBytes}, () => int(256));
    if (type instanceof BitVectorType) return BitArray.fromBoolArray(Array.from({length: type.lengthBits}, () => next() < 0.5));
    if (type instanceof BitListType) {
      const length = int(Math.min(type.limitBits, maxBitlistBits) + 1);
      return BitArray.fromBoolArray(Array.from({length}, () => next() < 0.5));
    }
    if (type instanceof BooleanType) return next() < 0.5;
    if (type instanceof ProgressiveByteListType) return Uint8Array.from({length: int(200)}, () => int(256));
    if (type instanceof ByteListType) return Uint8Array.from({length: int(Math.min(type.limitBytes, 100) + 1)}, () => int(256));
    if (type instanceof ProgressiveBitListType) {
      // Lengths across several progressive subtrees (1, 4, 16 … chunks of 256 bits).
      return BitArray.fromBoolArray(Array.from({length: int(6000)}, () => next() < 0.5));
    }
    if (type instanceof ProgressiveListCompositeType) {
      // Past the third progressive subtree (1 + 4 + 16 leaves) for fixed-size elements; fewer for larger ones.
      const length = int(Math.min(type.limit, type.elementType instanceof ByteVectorType ? 24 : 7) + 1);
      return Array.from({length}, () => random(type.elementType, depth + 1));
    }
    if (type instanceof ListBasicType || type instanceof ListCompositeType) {
      const length = int(Math.min(type.limit, depth > 1 ? 1 : maxListLength) + 1);
      return Array.from({length}, () => random(type.elementType, depth + 1));
    }
    if (type instanceof VectorCompositeType) return Array.from({length: type.length}, () => random(type.elementType, depth + 1));
    if (type instanceof ContainerType || type instanceof ProgressiveContainerType) {
      const value = {};
      for (const [name, field] of Object.entries(type.fields)) value[name] = random(field, depth + 1);
      return value;
    }
    throw new Error("no generator for " + type.constructor.name);
  }
  return {next, int, random};
}
