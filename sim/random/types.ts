// The contract of the random room: named, independent, seeded streams.

/** A stream of uniform doubles in [0, 1). Never Math.random. */
export interface RandomStream {
  /** Uniform in [0, 1). */
  next(): number;
}

/** A family of named streams from one root seed; the same name always gives the same stream. */
export interface RandomStreams {
  stream(name: string): RandomStream;
}
