package dev.vigil.protection;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the rules need to know about a key's blocks for one request: the record at the requested
 * slot, the lowest recorded slot, and the watermark left by pruning.
 */
record BlockHistory(Optional<SignedBlock> atSlot, OptionalLong lowestSlot, OptionalLong watermark) {}
