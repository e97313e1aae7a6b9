// Uniform numbers keyed by an integer (a request id) rather than drawn in sequence: the same
// (seed, name, key) gives the same number whatever else was drawn and in whichever order keys are
// asked — for per-request attributes that must not depend on routing or event order (the
// speculative-decoding class of a request). A counter-based generator in the spirit of
// Salmon et al. 2011 (Random123), with MurmurHash3's 32-bit finaliser (fmix32) as the mixer.
// Invariants: values are multiples of 2^-32 in [0, 1); keys are taken modulo 2^32.
// NOTE: fmix32 is a bijection with full avalanche, not a cryptographic hash; two rounds over a
// salt drawn from the named Alea stream are ample for assigning classes.

import seedrandom from 'seedrandom';

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function keyedUniform(seed: number, name: string): (key: number) => number {
  const salt = Math.floor(seedrandom.alea(`${seed}/${name}`)() * 2 ** 32) >>> 0;
  return (key: number): number => fmix32((salt ^ fmix32((key + 0x9e3779b9) >>> 0)) >>> 0) / 2 ** 32;
}
