// Big-endian reads at a known-good offset, for decoders that checked a fixed length once up front
// (the per-type length check OpenBGPD does at the header) and then index directly.

/** Unsigned 16-bit at off. */
export const be16 = (b: Uint8Array, off: number): number => (b[off]! << 8) | b[off + 1]!;

/** Unsigned 24-bit at off (labels, VNIs). */
export const be24 = (b: Uint8Array, off: number): number => (b[off]! << 16) | (b[off + 1]! << 8) | b[off + 2]!;

/** Unsigned 32-bit at off. */
export const be32 = (b: Uint8Array, off: number): number =>
  ((b[off]! << 24) >>> 0) + ((b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!);
