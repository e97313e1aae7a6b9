// Named, independent random streams from one root seed. Each consumer (arrivals, lengths,
// router, acceptance/<replica>) draws from its own stream, so adding a draw in one place never
// shifts the numbers another place sees — the basis of common random numbers across scenarios.
// Invariants: the same (seed, name) gives the same sequence on any machine and any run; asking
// for a name twice returns the same stream object (one sequence per name, not a restart).
// NOTE: the generator is Baagøe's Alea (seedrandom.alea), seeded by hashing the string
// `${seed}/${name}`. It is fast (its author reports it passes TestU01 BigCrush); its outputs have
// 32 bits of resolution (multiples of 2^-32), which bounds, e.g., a Box–Muller normal to
// |z| <= sqrt(-2 ln 2^-32) ≈ 6.66 — a tail mass of ~3e-11, irrelevant at our sample sizes.
// Independence between names rests on the hash spreading distinct seeds, as is usual for
// seedrandom; it is not a proof of non-overlap.

import seedrandom from 'seedrandom';
import type { RandomStream, RandomStreams } from './types.ts';

export function createStreams(seed: number): RandomStreams {
  const byName = new Map<string, RandomStream>();
  return {
    stream(name: string): RandomStream {
      let stream = byName.get(name);
      if (stream === undefined) {
        // Alea's generator reads its state from a closure, so it can be called detached.
        stream = { next: seedrandom.alea(`${seed}/${name}`) };
        byName.set(name, stream);
      }
      return stream;
    },
  };
}
