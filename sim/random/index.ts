// Public face of the random room: seeded named streams and pure samplers over them.

export type { RandomStream, RandomStreams } from './types.ts';
export { createStreams } from './streams.ts';
export { keyedUniform } from './keyed.ts';
export { exponential, gamma, lognormal, standardNormal, uniformInt } from './distributions.ts';
export { erfc, normalCdf } from './normal-cdf.ts';
